package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.GzipMember;
import io.statsbridge.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Write buffers are kept for the next response: one given back while still being written, or handed
 * to two responses at once, would mix bodies.
 */
class WriteBuffersTest {
  @Test
  void concurrentScrapesOfManyWritesEachGetTheirOwnBytes() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(88, 400), Clock.systemUTC());
        App app = Exporters.start(Exporters.bigQuery(simulator), Exporters.loopback(0))) {
      app.pollAllNow();
      String url = "http://127.0.0.1:" + app.port() + "/metrics";
      String expected = dataLines(Http.get(url).body());
      assertTrue(expected.length() > 4 * BodyWriter.WRITE, "several writes: " + expected.length());
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> bodies = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
          boolean gzip = i % 2 == 0;
          bodies.add(clients.submit(() -> dataLines(scrape(url, gzip))));
        }
        for (Future<String> body : bodies) {
          assertEquals(expected, body.get());
        }
      } finally {
        clients.shutdownNow();
      }
    }
  }

  private static String scrape(String url, boolean gzip) throws IOException {
    if (!gzip) {
      return Http.get(url).body();
    }
    byte[] body = Http.getBytes(url, "Accept-Encoding", "gzip").body();
    return new String(GzipMember.inflate(body), StandardCharsets.UTF_8);
  }

  /** The polled series: what is the same in every scrape between two polls. */
  private static String dataLines(String body) {
    return body.lines().filter(l -> l.startsWith("datadog_")).collect(Collectors.joining("\n"));
  }
}
