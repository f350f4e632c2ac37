package io.statsbridge.bench;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The library statsbridge replaced, as a per-scrape exporter would run it: {@code
 * simpleclient_httpserver} 0.16's {@link HTTPServer} over a registry that holds the JVM's own
 * collectors and a {@link PerScrapeCollector}, on loopback.
 */
final class PerScrapeServer implements AutoCloseable {
  private final HTTPServer server;

  private PerScrapeServer(HTTPServer server) {
    this.server = server;
  }

  static PerScrapeServer start(List<UpstreamRows.Query> queries) throws IOException {
    // As the simulator does: the JDK server writes headers and body separately, and without
    // TCP_NODELAY the body can wait ~40 ms for a delayed ACK, which would be charged to the
    // library rather than to rendering.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    new PerScrapeCollector(queries).register(registry);
    return new PerScrapeServer(
        new HTTPServer.Builder()
            .withInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .withRegistry(registry)
            .withDaemonThreads(true)
            .build());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
