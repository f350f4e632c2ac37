package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.log.Fatal;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three 7,500-row queries in a small heap: the exporter either keeps up, or fails visibly (an
 * out-of-memory error is logged and ends the process, for its supervisor to restart). It never
 * lingers as a process that polls but no longer answers.
 */
class MemoryLimitTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"40m", "128m"})
  void aSmallHeapRunsOrEndsVisiblyButNeverLingers(String heap) throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(88, 7500), Clock.systemUTC())) {
      Path config = dir.resolve("big.yml");
      Files.writeString(
          config,
          """
          defaults: {interval: 2s, delay: 0s, new_series_delay: 0s}
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
          queries:
            - {name: a, source: sim, group_by: [client_service, server_service], limit: 7500}
            - {name: b, source: sim, group_by: [server_service, client_service], limit: 7500}
            - {name: c, source: sim, group_by: [client_service, server_service, env], limit: 7500}
          """
              .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY));
      Path log = dir.resolve("exporter.log");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + heap,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.statsbridge.Main",
                  "--config.file=" + config,
                  "--web.listen-address=127.0.0.1:0")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        // Out of memory may end it even before it listens: that is a visible end too.
        String base = p.waitFor(2, TimeUnit.SECONDS) ? "" : listening(log, p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        boolean answered = false;
        while (System.nanoTime() < end && p.isAlive()) {
          try {
            answered |= Http.get(base + "/-/healthy").statusCode() == 200;
          } catch (RuntimeException e) {
            // Not answering is fine only on the way out.
            boolean exiting = p.waitFor(5, TimeUnit.SECONDS);
            assertFalse(answered && !exiting, "alive but not answering: " + Files.readString(log));
          }
          p.waitFor(500, TimeUnit.MILLISECONDS); // the next probe, or its end as soon as it comes
        }
        String text = Files.readString(log);
        if (!p.isAlive()) {
          assertEquals(Fatal.STATUS, p.exitValue(), text);
          assertTrue(text.contains("fatal JVM error; exiting"), text);
          return;
        }
        assertFalse(
            text.contains("OutOfMemoryError"), "an out-of-memory error left it running:\n" + text);
        HttpResponse<String> metrics = Http.get(base + "/metrics");
        for (String q : List.of("a", "b", "c")) {
          assertTrue(
              metrics.body().contains("statsbridge_up{query=\"" + q + "\"} 1\n"),
              "query " + q + " keeps up in " + heap);
        }
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static String listening(Path log, Process p) throws Exception {
    try {
      return "http://127.0.0.1:" + Processes.listeningPort(log, p);
    } catch (AssertionError e) {
      return ""; // it exited before listening; the checks below say whether visibly
    }
  }
}
