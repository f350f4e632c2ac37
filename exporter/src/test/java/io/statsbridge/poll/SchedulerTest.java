package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.datadog.DatadogProvider;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The real scheduler on the real clock: a dead upstream must not hold up a healthy one. */
class SchedulerTest {

  private static MockWebServer serving(Dispatcher dispatcher) throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher);
    server.start();
    return server;
  }

  @Test
  void aHangingQueryNeverOverlapsItselfNorDelaysTheOthers() throws Exception {
    try (MockWebServer healthy =
            serving(
                new Dispatcher() {
                  @Override
                  public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().body("{\"data\":[]}").build();
                  }
                });
        MockWebServer dead =
            serving(
                new Dispatcher() {
                  @Override
                  public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder()
                        .onResponseStart(SocketEffect.Stall.INSTANCE)
                        .build();
                  }
                })) {
      Config config =
          new ConfigLoader(List.of(new DatadogProvider()), Map.<String, String>of()::get)
              .parse(
                  "test.yml",
                  """
                  defaults: {interval: 1s, delay: 0s, timeout: 1s, new_series_delay: 0s}
                  sources:
                    ok: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
                    dead: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
                  queries:
                    - {name: fine, source: ok}
                    - {name: stuck, source: dead, interval: 3s, timeout: 3s}
                  """
                      .formatted(healthy.url("/"), dead.url("/")));
      Clock clock = Clock.systemUTC();
      ResultStore store = new ResultStore(clock);
      Runners factory =
          new Runners(store, clock, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Sleeper.REAL);
      SourceContext context = new SourceContext(new OkHttpClient(), clock);
      List<QueryRunner> runners = new ArrayList<>();
      for (QueryConfig q : config.queries()) {
        SourceConfig sc = config.sources().get(q.source());
        runners.add(
            factory.create(
                q,
                "datadog",
                sc.provider().open(sc.name(), sc.settings(), context).bind(q.name(), q.spec()),
                QueryState.fresh(q)));
      }
      runners.forEach(QueryRunner::claim);
      try (Scheduler scheduler = new Scheduler(runners, clock, new ThreadTasks(2, 2))) {
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
