package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Gauges expire after a duration on monotonic time: a step of the wall clock moves nothing. */
class WallClockStepTest {
  @Test
  void aWallClockSteppingForwardDoesNotExpireTheGauges() throws Exception {
    MutableClock wall = new MutableClock(Instant.now());
    try (Simulator simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC())) {
      try (App app =
          Exporters.start(
              Exporters.bigQuery(simulator).replace("delay: 0s", "delay: 0s, interval: 1m"),
              Exporters.loopback(0).clock(wall).ticker(Ticker.systemTicker()))) {
        app.pollAllNow();
        String metrics = "http://127.0.0.1:" + app.port() + "/metrics";
        assertTrue(Http.get(metrics).body().contains("datadog_cnm_rtt_seconds{query=\"big\""));
        wall.advance(Duration.ofHours(2)); // NTP, a VM resumed, an operator: gauges live 3m
        String after = Http.get(metrics).body();
        assertTrue(after.contains("datadog_cnm_rtt_seconds{query=\"big\""), "gauges expired");
        assertTrue(after.contains("statsbridge_up{query=\"big\"} 1\n"), after);
      }
    }
  }
}
