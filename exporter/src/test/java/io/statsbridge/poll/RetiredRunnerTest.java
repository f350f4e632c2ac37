package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.status.Outcome;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Renderers;
import io.statsbridge.testing.Tickers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reload retires a runner whose poll may still be in flight: OkHttp reads ignore interrupts, so
 * that poll can finish after its successor's. It must never publish then.
 */
class RetiredRunnerTest {
  static final String ONE_ROW = Fixtures.read("datadog-200-documented-example.json");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:30Z"));
  private final ResultStore store = new ResultStore(Tickers.following(clock));
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private MockWebServer upstream;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    // The first request (the old runner's) answers only when the test says so.
    upstream.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (requests.incrementAndGet() == 1) {
              release.await(10, TimeUnit.SECONDS);
            }
            return new MockResponse.Builder().body(ONE_ROW).build();
          }
        });
    upstream.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    upstream.close();
  }

  private String yaml(String groupBy) {
    return """
        sources:
          dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
        queries:
          - {name: q, source: dd, group_by: %s, interval: 1m, delay: 0s, timeout: 20s, new_series_delay: 0s}
        """
        .formatted(upstream.url("/"), groupBy);
  }

  private String counters() {
    StringBuilder out = new StringBuilder();
    for (FamilyChunk f : store.counters("q").rendered().families()) {
      out.append(f.chunk().text());
    }
    return out.toString();
  }

  /** Starts the old runner's poll and waits until its request is at the upstream. */
  private Thread pollInBackground(QueryRunner runner) throws Exception {
    Thread t = new Thread(() -> runner.poll(clock.instant(), clock.instant().plusSeconds(60)));
    t.start();
    Await.until("the old poll's request", Duration.ofSeconds(10), () -> requests.get() == 1);
    return t;
  }

  @Test
  void anUnchangedQuerysRetiredPollIsDroppedAndItsWindowCountedOnce() throws Exception {
    String yaml = yaml("[client_team, server_service]");
    QueryRunner old = Polls.runners(yaml, clock, store).get(0);
    Thread inFlight = pollInBackground(old);

    QueryRunner next = Polls.successor(yaml, clock, store, old.state());
    next.claim();
    next.poll(clock.instant(), clock.instant().plusSeconds(60));
    release.countDown();
    inFlight.join();

    String text = counters();
    assertTrue(
        text.contains(
            "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 7\n"),
        "the window must be counted once, by the successor: " + text);
    assertEquals(1, next.status().polls(Outcome.SUCCESS));
    assertEquals(1, old.status().polls(Outcome.SUCCESS), "one state, one history");
    assertFalse(old.owns());
  }

  @Test
  void aChangedQuerysRetiredPollNeverOverwritesItsSuccessor() throws Exception {
    QueryRunner old = Polls.runners(yaml("[client_team]"), clock, store).get(0);
    Thread inFlight = pollInBackground(old);

    String changed = yaml("[client_team, server_service]");
    QueryRunner next =
        Polls.successor(
            changed,
            clock,
            store,
            old.state().successor(Polls.config(changed).queries().get(0), Renderers.shared()));
    next.claim();
    next.poll(clock.instant(), clock.instant().plusSeconds(60));
    release.countDown();
    inFlight.join();

    String text = counters();
    assertTrue(text.contains("server_service=\"hucklebuck\""), text);
    assertFalse(
        text.contains("{query=\"q\",client_team=\"networks\"}"),
        "the retired runner published after its successor: " + text);
    assertEquals(
        1,
        next.status().polls(Outcome.SUCCESS),
        "one success, the successor's: the retired poll counted nothing");
  }

  @Test
  void retiringAbortsThePollInFlight() throws Exception {
    QueryRunner old = Polls.runners(yaml("[client_team]"), clock, store).get(0);
    Thread inFlight = pollInBackground(old);
    Polls.successor(yaml("[client_team]"), clock, store, old.state()).claim();
    old.retire();
    inFlight.join(5_000);
    assertFalse(inFlight.isAlive(), "the retired poll still holds its thread");
    assertEquals("", counters(), "nothing published");
  }
}
