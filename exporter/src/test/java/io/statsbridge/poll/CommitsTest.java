package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.log.Fatal;
import io.statsbridge.status.Outcome;
import io.statsbridge.store.Counters;
import io.statsbridge.store.Renderer;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Renderers;
import io.statsbridge.testing.Tickers;
import io.statsbridge.testing.Upstreams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of a commit: a retired runner never publishes, not even from a commit that was
 * half done when the reload came; the scheduler's timer never waits for a query; a commit renders
 * once.
 */
class CommitsTest {
  private static final String ONE_ROW = Fixtures.read("datadog-200-documented-example.json");

  private static String yaml(MockWebServer upstream, String queries) {
    return """
        sources:
          dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
        queries:
        %s"""
        .formatted(upstream.url("/"), queries);
  }

  /**
   * A clock that stops the thread that reads it inside a commit of the watched query (under its
   * lock), once, until released: a commit held halfway.
   */
  private static final class CommitGate extends Clock {
    private final MutableClock time;
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile QueryState.Ownership watched;

    CommitGate(MutableClock time) {
      this.time = time;
    }

    void arm(QueryState state) {
      watched = state.ownership;
      armed.set(true);
    }

    @Override
    public Instant instant() {
      QueryState.Ownership w = watched;
      if (w != null && w.heldByCurrentThread() && armed.compareAndSet(true, false)) {
        inside.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return time.instant();
    }

    @Override
    public ZoneId getZone() {
      return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void aCommitHalfDoneWhenTheReloadComesCannotBringBackTheReplacedConfigsSeries() throws Exception {
    MutableClock time = new MutableClock(Instant.parse("2026-12-07T12:00:30Z"));
    CommitGate gate = new CommitGate(time);
    ResultStore store = new ResultStore(Tickers.following(time));
    try (MockWebServer upstream =
        Upstreams.answering(r -> new MockResponse.Builder().body(ONE_ROW).build())) {
      String old =
          yaml(
              upstream,
              "  - {name: q, source: dd, group_by: [client_team], interval: 1m, delay: 0s,"
                  + " new_series_delay: 0s}\n");
      QueryRunner retired = Polls.runners(old, gate, store).get(0);
      gate.arm(retired.state());
      Thread commit =
          new Thread(() -> retired.poll(time.instant(), time.instant().plusSeconds(50)));
      commit.start();
      assertTrue(gate.inside.await(10, TimeUnit.SECONDS), "the commit reached its locked part");

      // The reload, as Reloader.swap does it for a changed query: the successor claims the query,
      // then the replaced config's data leaves the store.
      String changed = old.replace("[client_team]", "[client_team, server_service]");
      QueryRunner successor =
          Polls.successor(
              changed,
              time,
              store,
              retired
                  .state()
                  .successor(Polls.config(changed).queries().get(0), Renderers.shared()));
      Thread reload =
          new Thread(
              () -> {
                successor.claim();
                store.remove("q");
              });
      reload.start();
      gate.release.countDown();
      commit.join(10_000);
      reload.join(10_000);

      assertFalse(retired.owns());
      assertEquals(Counters.EMPTY, store.counters("q"), "the replaced config's counters are back");
      assertTrue(store.gauges("q").isEmpty(), "the replaced config's gauges are back");
    }
  }

  @Test
  void theTimerNeverWaitsForAQueryWhoseCommitIsSlow() throws Exception {
    try (MockWebServer upstream =
        Upstreams.answering(r -> new MockResponse.Builder().body(ONE_ROW).build())) {
      String yaml =
          yaml(
              upstream,
              """
                - {name: slow, source: dd, group_by: [client_team], interval: 1s, delay: 0s, timeout: 1s}
                - {name: other, source: dd, group_by: [server_service], interval: 1s, delay: 0s, timeout: 1s}
              """);
      Clock clock = Clock.systemUTC();
      List<QueryRunner> runners =
          Polls.runners(yaml, clock, new ResultStore(Tickers.following(clock)));
      QueryRunner slow = runners.get(0);
      QueryRunner other = runners.get(1);
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch letGo = new CountDownLatch(1);
      Thread commit =
          new Thread(
              () ->
                  slow.state()
                      .ownership
                      .read(
                          () -> {
                            held.countDown();
                            try {
                              return letGo.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                              return false;
                            }
                          }));
      try (Scheduler scheduler = new Scheduler(runners, clock, new ThreadTasks(4, 4), Fatal.EXIT)) {
        scheduler.start();
        // The slow query's poll "runs" (so its ticks are skipped) while a commit of it holds its
        // lock for seconds.
        Await.until(
            "a moment between the slow query's polls", Duration.ofSeconds(10), slow::tryStart);
        commit.start();
        held.await();
        long before = other.status().polls(Outcome.SUCCESS);
        Await.until(
            "the other query to poll three times while the slow one's commit holds its lock",
            Duration.ofSeconds(15),
            () -> other.status().polls(Outcome.SUCCESS) >= before + 3);
        assertTrue(slow.status().polls(Outcome.SKIPPED) >= 1, "the slow query's ticks skipped");
        assertEquals(0, other.status().polls(Outcome.TIMEOUT), "no poll lost its deadline");
      } finally {
        letGo.countDown();
        commit.join();
      }
    }
  }

  @Test
  void aCommitRendersItsCountersOnceWhateverItChanged() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:30Z"));
    AtomicInteger requests = new AtomicInteger();
    try (MockWebServer upstream =
            Upstreams.answering(
                r ->
                    new MockResponse.Builder()
                        .body(
                            requests.incrementAndGet() == 1
                                ? ONE_ROW
                                : ONE_ROW.replace("\"networks\"", "\"storage\""))
                        .build());
        Renderer renderer = Renderer.start()) {
      String yaml =
          yaml(
              upstream,
              "  - {name: q, source: dd, group_by: [client_team], interval: 1m, delay: 0s,"
                  + " new_series_delay: 30s, series_ttl: 1m}\n");
      QueryRunner runner =
          Polls.runners(yaml, clock, new ResultStore(Tickers.following(clock)), renderer).get(0);
      poll(runner, clock); // networks: new, held
      clock.advance(Duration.ofMinutes(1));
      poll(runner, clock); // networks absent; storage: new, held; networks' window lands
      clock.advance(Duration.ofMinutes(1));
      long before = renderer.renders();
      // networks is evicted, storage's held window is due, and a window of storage comes in.
      poll(runner, clock);
      assertEquals(
          2, renderer.renders() - before, "one render of the gauges and one of the counters");
      assertEquals(3, runner.status().polls(Outcome.SUCCESS));
    }
  }

  private static void poll(QueryRunner runner, MutableClock clock) {
    runner.poll(clock.instant(), clock.instant().plusSeconds(50));
  }
}
