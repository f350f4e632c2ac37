package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.source.datadog.DatadogBench;
import io.statsbridge.store.Batch;
import io.statsbridge.store.QueryResults;
import io.statsbridge.testing.HostileClients;
import io.statsbridge.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints the figures of README's "Benchmark" section: parse+convert of a 7,500-row Datadog answer,
 * /metrics latency with and without gzip at 7,500 rows × every attribute, heap after GC, and scrape
 * latency while a poll hangs on a dead upstream. Nothing is asserted: run it with {@code
 * scripts/bench}.
 */
public final class Benchmark {
  static final int ROWS = 7500;
  static final List<String> GROUP_BY = List.of("client_service", "server_service");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    int scrapes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    io.statsbridge.log.LogSetup.install(java.util.logging.Level.SEVERE);
    System.out.printf(
        "statsbridge benchmark: %d rows, %d scrapes per figure, %d cores, max heap %d MiB%n",
        ROWS,
        scrapes,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    MutableClock clock = new MutableClock(Instant.now());
    try (Simulator simulator = Simulator.start(Traffic.of(88, ROWS), clock)) {
      parseAndConvert(simulator);
      String yaml =
          """
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
          queries:
            - name: bench
              source: sim
              group_by: [client_service, server_service]
              limit: 7500
              interval: 1m
              delay: 0s
              timeout: 20s
              new_series_delay: 0s
          """
              .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
      try (App app =
          App.start(
              () ->
                  Providers.loaders()
                      .create(Map.<String, String>of()::get)
                      .parse("bench.yml", yaml),
              Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                  .clock(clock)
                  .unscheduled()
                  .build())) {
        long t0 = System.nanoTime();
        app.pollAllNow();
        System.out.printf(
            "first poll (HTTP + parse + render, simulator included): %.0f ms, rows=%d%n",
            (System.nanoTime() - t0) / 1e6, app.statuses().get(0).rows());
        String url = "http://127.0.0.1:" + app.port() + "/metrics";
        HttpResponse<byte[]> plain = get(url, false);
        HttpResponse<byte[]> gzip = get(url, true);
        System.out.printf(
            "/metrics size: %.1f MiB plain, %.1f MiB gzip, %d lines%n",
            plain.body().length / 1048576.0,
            gzip.body().length / 1048576.0,
            new String(plain.body()).lines().count());
        scrape("scrape, no gzip", url, false, scrapes);
        scrape("scrape, gzip", url, true, scrapes);
        heap();
        try (HostileClients hostile = HostileClients.open(app.port(), 200, 50)) {
          Thread.sleep(1_000); // the silent clients' answers now fill their socket buffers
          scrape("scrape, gzip, 200 slowloris + 50 never-reading open", url, true, scrapes);
          scrape(
              "/-/healthy, 200 slowloris + 50 never-reading open",
              "http://127.0.0.1:" + app.port() + "/-/healthy",
              false,
              scrapes);
        }

        simulator.faults().hangAll(true);
        clock.advance(Duration.ofMinutes(1));
        Thread poll = new Thread(app::pollAllNow, "hanging-poll");
        poll.start();
        io.statsbridge.testing.Await.until(
            "the poll to hang", Duration.ofSeconds(10), () -> simulator.faults().hanging() > 0);
        scrape("scrape, gzip, while a poll hangs on a dead upstream", url, true, scrapes);
        System.out.printf("the poll was still hanging at the end: %s%n", poll.isAlive());
        simulator.faults().hangAll(false);
        poll.join();
      }
    }
  }

  private static void parseAndConvert(Simulator simulator) throws Exception {
    long now = Instant.now().getEpochSecond();
    String body =
        new String(
            get(
                    simulator.url()
                        + "/api/v2/network/connections/aggregate?from="
                        + (now - 300)
                        + "&to="
                        + now
                        + "&group_by=client_service,server_service&limit=7500",
                    false,
                    "DD-API-KEY",
                    Simulator.DEMO_API_KEY,
                    "DD-APPLICATION-KEY",
                    Simulator.DEMO_APP_KEY)
                .body());
    int runs = 30;
    long[] parse = new long[runs];
    long[] convert = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Batch batch = DatadogBench.parse(body, GROUP_BY, ROWS);
      long t1 = System.nanoTime();
      Instant end = Instant.now();
      new QueryResults("bench", "bench").apply(batch, end, end, Duration.ZERO);
      long t2 = System.nanoTime();
      parse[i] = t1 - t0;
      convert[i] = t2 - t1;
    }
    System.out.printf("response body: %.1f MiB, %d rows%n", body.length() / 1048576.0, ROWS);
    System.out.printf(
        "parse (JSON → rows):            p50 %6.1f ms  min %6.1f ms  (%d runs)%n",
        pct(parse, 50), pct(parse, 0), runs);
    System.out.printf(
        "convert (rows → rendered+gzip): p50 %6.1f ms  min %6.1f ms%n",
        pct(convert, 50), pct(convert, 0));
  }

  private static void scrape(String what, String url, boolean gzip, int n) throws Exception {
    for (int i = 0; i < 20; i++) {
      get(url, gzip);
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      get(url, gzip);
      t[i] = System.nanoTime() - t0;
    }
    System.out.printf(
        "%-52s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
        what + ":", pct(t, 50), pct(t, 99), pct(t, 100));
  }

  private static void heap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(
        "heap used after GC (simulator and benchmark included): %.0f MiB%n", used / 1048576.0);
  }

  private static HttpResponse<byte[]> get(String url, boolean gzip, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (gzip) {
      b.header("Accept-Encoding", "gzip");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " → HTTP " + r.statusCode());
    }
    return r;
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = p == 0 ? 0 : Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
    return s[i] / 1e6;
  }
}
