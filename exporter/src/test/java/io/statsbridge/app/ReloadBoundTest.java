package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.ConfigLoader;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A reload whose config never finishes loading fails within a bound and wedges nothing after it.
 */
class ReloadBoundTest {
  @Test
  void aLoadThatNeverEndsFailsTheReloadAndTheNextReloadWorks() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean hang = new AtomicBoolean();
    try (Simulator simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC())) {
      String yaml = Exporters.bigQuery(simulator);
      ConfigLoader loader = Providers.loaders().create(Map.<String, String>of()::get);
      // As reading a secret file that is a FIFO without a writer would: the load never returns.
      ConfigSource configs =
          () -> {
            if (hang.get()) {
              try {
                never.await();
              } catch (InterruptedException e) {
                // left behind: interrupted, and its result no longer wanted
              }
            }
            return loader.parse("bound.yml", yaml);
          };
      try (App app =
          App.start(
              configs,
              Exporters.loopback(0)
                  .lifecycle(true)
                  .configLoadTimeout(Duration.ofSeconds(1))
                  .build())) {
        String base = "http://127.0.0.1:" + app.port();
        hang.set(true);
        long t0 = System.nanoTime();
        HttpResponse<String> stuck = Http.post(base + "/-/reload");
        assertEquals(500, stuck.statusCode(), stuck.body());
        assertTrue(stuck.body().contains("did not load within 1s"), stuck.body());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "bounded");
        assertTrue(
            Http.get(base + "/metrics")
                .body()
                .contains("statsbridge_config_last_reload_successful 0"),
            "counted as a failed reload");
        hang.set(false);
        HttpResponse<String> next = Http.post(base + "/-/reload");
        assertEquals(200, next.statusCode(), "the next reload is not wedged: " + next.body());
      }
    }
  }
}
