package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.status.Outcome;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.ManualTasks;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Tickers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler on fake time: ticks, failures and held windows, with no wall-clock waits. */
class SchedulerFakeTimeTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:03Z");

  private final MutableClock clock = new MutableClock(START);
  private final ManualTasks tasks = new ManualTasks(clock);
  private final ResultStore store = new ResultStore(Tickers.following(clock));
  private final AtomicInteger requests = new AtomicInteger();
  private final List<VirtualMachineError> fatal = new java.util.concurrent.CopyOnWriteArrayList<>();
  private MockWebServer upstream;
  private LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    upstream = new MockWebServer();
    // Every answer brings a series never seen before: a held first window on every poll.
    upstream.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            int n = requests.incrementAndGet();
            return new MockResponse.Builder()
                .body(
                    "{\"data\":[{\"attributes\":{\"tcp_refusals\":"
                        + n
                        + ",\"group_bys\":{\"client_service\":[\"c"
                        + n
                        + "\"]}}}]}")
                .build();
          }
        });
    upstream.start();
  }

  @AfterEach
  void stop() {
    upstream.close();
    logs.close();
  }

  private Scheduler scheduler(String holdAndInterval) throws Exception {
    List<QueryRunner> runners =
        Polls.runners(
            """
            sources:
              dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
            queries:
              - {name: q, source: dd, group_by: [client_service], delay: 0s, %s}
            """
                .formatted(upstream.url("/"), holdAndInterval),
            clock,
            store);
    return new Scheduler(runners, clock, tasks, fatal::add);
  }

  private static String text(ResultStore store) {
    StringBuilder out = new StringBuilder();
    for (FamilyChunk f : store.counters("q").rendered().families()) {
      out.append(f.chunk().text());
    }
    return out.toString();
  }

  @Test
  void aQueryThatHasNotSucceededYetIsTriedAgainSoonThenAtItsTicks() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean keyFixed =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<Instant> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (MockWebServer forbidding =
        io.statsbridge.testing.Upstreams.answering(
            r -> {
              asked.add(clock.instant());
              return keyFixed.get()
                  ? new MockResponse.Builder()
                      .body(
                          "{\"data\":[{\"attributes\":{\"tcp_refusals\":1,\"group_bys\":{\"client_service\":[\"c\"]}}}]}")
                      .build()
                  : new MockResponse.Builder()
                      .code(403)
                      .body("{\"errors\":[\"Forbidden\"]}")
                      .build();
            })) {
      Scheduler scheduler =
          new Scheduler(
              Polls.runners(
                  """
                  sources:
                    dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
                  queries:
                    - {name: q, source: dd, group_by: [client_service], delay: 0s, interval: 5m}
                  """
                      .formatted(forbidding.url("/")),
                  clock,
                  store),
              clock,
              tasks,
              fatal::add);
      QueryRunner runner = scheduler.runners().get(0);
      scheduler.start();
      tasks.advance(Duration.ZERO);
      assertEquals(1, runner.status().polls(Outcome.ERROR));
      tasks.advance(Duration.ofSeconds(15));
      assertEquals(2, runner.status().polls(Outcome.ERROR), "tried again after 15 s");
      keyFixed.set(true); // a person fixes the key
      tasks.advance(Duration.ofSeconds(30));
      assertEquals(1, runner.status().polls(Outcome.SUCCESS), "then after 30 s, and it works");
      assertEquals(
          List.of(START, START.plusSeconds(15), START.plusSeconds(45)), asked.subList(0, 3));
      tasks.advance(Duration.ofMinutes(2));
      assertEquals(3, asked.size(), "after a success, polls wait for their ticks again");
      scheduler.close();
    }
  }

  @Test
  void aTickThatFailsIsCountedAndTheQueryStaysScheduled() throws Exception {
    Scheduler scheduler = scheduler("interval: 10s, new_series_delay: 0s");
    QueryRunner runner = scheduler.runners().get(0);
    tasks.failNextSubmit(new IllegalStateException("pool broken"));
    scheduler.start();
    tasks.advance(Duration.ZERO);
    assertEquals(1, runner.status().polls(Outcome.ERROR));
    assertTrue(runner.status().lastError().contains("pool broken"), runner.status().lastError());
    tasks.advance(Duration.ofSeconds(10));
    assertEquals(1, runner.status().polls(Outcome.SUCCESS));
    tasks.failNextSubmit(new OutOfMemoryError("simulated: unable to create native thread"));
    tasks.advance(Duration.ofSeconds(10));
    assertEquals(2, runner.status().polls(Outcome.ERROR));
    assertEquals(1, fatal.size(), "a JVM error is counted, then handed to the fatal handler");
    tasks.advance(Duration.ofSeconds(10));
    assertEquals(2, runner.status().polls(Outcome.SUCCESS));
    assertTrue(logs.text().contains("level=error"), logs.text());
    scheduler.close();
  }

  @Test
  void theFirstPollTakesTheTickThatWouldInterruptIt() throws Exception {
    // Started 3s into a 10s interval whose ticks fall at :x5 (offset): the tick 2s away is
    // skipped, not fired into the first poll.
    Scheduler scheduler = scheduler("interval: 10s, new_series_delay: 0s");
    QueryRunner runner = scheduler.runners().get(0);
    scheduler.start();
    tasks.advance(Duration.ofSeconds(9));
    assertEquals(1, runner.status().polls(Outcome.SUCCESS));
    assertEquals(0, runner.status().polls(Outcome.SKIPPED));
    tasks.advance(Duration.ofSeconds(20));
    assertEquals(3, runner.status().polls(Outcome.SUCCESS));
    assertEquals(0, runner.status().polls(Outcome.SKIPPED));
    scheduler.close();
  }

  @Test
  void heldWindowsLandWhenDueAndCommitsNeverPileUp() throws Exception {
    Scheduler scheduler = scheduler("interval: 10s, new_series_delay: 3s");
    scheduler.start();
    tasks.advance(Duration.ZERO);
    assertTrue(text(store).contains("{query=\"q\",client_service=\"c1\"} 0\n"), text(store));
    tasks.advance(Duration.ofSeconds(3));
    assertTrue(text(store).contains("{query=\"q\",client_service=\"c1\"} 1\n"), text(store));
    // Every poll brings a new series, so a commit is always waiting; it must stay one.
    for (int i = 0; i < 50; i++) {
      tasks.advance(Duration.ofSeconds(10));
    }
    assertTrue(tasks.pending() <= 2, "timer tasks waiting: " + tasks.pending());
    assertEquals(51, requests.get());
    scheduler.close();
  }
}
