package io.statsbridge.demo;

import com.sun.net.httpserver.HttpServer;
import io.statsbridge.log.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The built-in fake upstreams, on loopback only. {@code --demo} polls it; tests and the benchmark
 * drive it through {@link #faults()} and the row-count knob of {@link Traffic}.
 */
public final class Simulator implements AutoCloseable {
  private static final Log LOG = Log.of(Simulator.class);
  public static final String DEMO_API_KEY = "demo-api-key";
  public static final String DEMO_APP_KEY = "demo-app-key";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Faults faults = new Faults();
  private final DatadogSimulator datadog;
  private final TrafficOpsSimulator trafficOps;
  private final DynatraceSimulator dynatrace;

  private Simulator(Traffic traffic, Clock clock) throws IOException {
    // The JDK server writes headers and body separately; without this the body can wait for the
    // client's delayed ACK (about 40 ms on Linux).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "statsbridge-simulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    datadog = new DatadogSimulator(traffic, DEMO_API_KEY, DEMO_APP_KEY, faults, clock);
    server.createContext(DatadogSimulator.PATH, datadog);
    server.createContext("/demo/burst", new BurstSwitch(traffic, clock));
    trafficOps = new TrafficOpsSimulator(clock, faults);
    for (String version : TrafficOpsSimulator.VERSIONS) {
      server.createContext("/api/" + version + "/", trafficOps);
    }
    dynatrace = new DynatraceSimulator(faults);
    server.createContext("/api/v1/timeseries/", dynatrace);
    server.createContext("/api/v2/metrics", dynatrace);
    server.start();
    LOG.info(
        "simulator listening; inject a burst with: curl -X POST '"
            + url()
            + "/demo/burst?client=checkout&server=payments&kind=refusals&seconds=600&rate=5'",
        "url",
        url());
  }

  /** The demo's traffic: 10 services, 40 flows. */
  public static Simulator startDemo(Clock clock) throws IOException {
    return start(Traffic.of(10, 40), clock);
  }

  public static Simulator start(Traffic traffic, Clock clock) throws IOException {
    return new Simulator(traffic, clock);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public Faults faults() {
    return faults;
  }

  public DatadogSimulator datadog() {
    return datadog;
  }

  public TrafficOpsSimulator trafficOps() {
    return trafficOps;
  }

  public DynatraceSimulator dynatrace() {
    return dynatrace;
  }

  @Override
  public void close() {
    faults.clear();
    server.stop(0);
    executor.shutdownNow();
  }
}
