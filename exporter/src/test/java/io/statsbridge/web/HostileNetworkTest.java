package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.HostileClients;
import io.statsbridge.testing.Http;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * 200 slowloris connections and 50 clients that never read a 12 MB /metrics hold no thread that
 * another client needs. Bounds here are generous; {@code scripts/bench} prints the figures.
 */
class HostileNetworkTest {
  private static long[] scrapes(String url, int n) {
    long[] ms = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = Http.getBytes(url, "Accept-Encoding", "gzip");
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, r.statusCode());
    }
    Arrays.sort(ms);
    return ms;
  }

  private static long p99(long[] sorted) {
    return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }

  @Test
  void slowAndSilentClientsDoNotDelayOthers() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(88, 7500), Clock.systemUTC());
        App app = Exporters.start(Exporters.bigQuery(simulator), Exporters.loopback(0))) {
      app.pollAllNow();
      String base = "http://127.0.0.1:" + app.port();
      scrapes(base + "/metrics", 10);
      long idle = p99(scrapes(base + "/metrics", 40));
      try (HostileClients hostile = HostileClients.open(app.port(), 200, 50)) {
        Thread.sleep(1_000); // the never-readers' answers are stuck in full socket buffers now
        long worstHealthy = 0;
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          assertEquals(200, Http.get(base + "/-/healthy").statusCode());
          worstHealthy = Math.max(worstHealthy, (System.nanoTime() - t0) / 1_000_000);
        }
        long attacked = p99(scrapes(base + "/metrics", 40));
        assertTrue(worstHealthy < 1_000, "/-/healthy took " + worstHealthy + " ms");
        assertTrue(
            attacked <= Math.max(3 * idle, idle + 300),
            "scrape p99 " + attacked + " ms under attack, " + idle + " ms idle");
      }
    }
  }
}
