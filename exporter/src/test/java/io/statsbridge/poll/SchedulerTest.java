package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.log.Fatal;
import io.statsbridge.status.Outcome;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Tickers;
import io.statsbridge.testing.Upstreams;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The real scheduler on the real clock: a dead upstream must not hold up a healthy one. */
class SchedulerTest {

  @Test
  void aHangingQueryNeverOverlapsItselfNorDelaysTheOthers() throws Exception {
    try (MockWebServer healthy =
            Upstreams.answering(r -> new MockResponse.Builder().body("{\"data\":[]}").build());
        MockWebServer dead = Upstreams.stalling()) {
      Clock clock = Clock.systemUTC();
      List<QueryRunner> runners =
          Polls.runners(
              """
              defaults: {interval: 1s, delay: 0s, timeout: 1s, new_series_delay: 0s}
              sources:
                ok: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
                dead: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
              queries:
                - {name: fine, source: ok}
                - {name: stuck, source: dead, interval: 3s, timeout: 3s}
              """
                  .formatted(healthy.url("/"), dead.url("/")),
              clock,
              new ResultStore(Tickers.following(clock)));
      try (Scheduler scheduler = new Scheduler(runners, clock, new ThreadTasks(2, 2), Fatal.EXIT)) {
        scheduler.start();
        QueryRunner fine = runners.get(0);
        QueryRunner stuck = runners.get(1);
        Await.until(
            "scheduler progress",
            Duration.ofSeconds(15),
            () -> fine.status().polls(Outcome.SUCCESS) >= 4);
        assertEquals(0, stuck.status().polls(Outcome.SUCCESS));
        assertTrue(
            dead.getRequestCount() <= 2,
            "stuck query overlapped itself: " + dead.getRequestCount());
        Await.until(
            "scheduler progress",
            Duration.ofSeconds(15),
            () -> stuck.status().polls(Outcome.TIMEOUT) >= 1);
        assertTrue(fine.status().nextPoll().isPresent());
      }
    }
  }
}
