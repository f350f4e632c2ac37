package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.datadog.DatadogProvider;
import io.statsbridge.status.Outcome;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.Rendered;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Renderers;
import io.statsbridge.testing.Tickers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One query polled against MockWebServer through the real Datadog source; time moved by hand. */
class QueryRunnerTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:30Z");
  static final String ONE_ROW = Fixtures.read("datadog-200-documented-example.json");

  private MockWebServer server;
  private MutableClock clock;
  private ResultStore store;
  private final List<Duration> sleeps = new ArrayList<>();
  private QueryRunner runner;
  private LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture();
    server = new MockWebServer();
    server.start();
    clock = new MutableClock(START);
    store = new ResultStore(Tickers.following(clock));
    Config config =
        new ConfigLoader(List.of(new DatadogProvider()), Map.of("K", "secret-api-key-42")::get)
            .parse(
                "test.yml",
                """
                sources:
                  dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: "${K}", app_key: app-key-43}
                queries:
                  - name: q
                    source: dd
                    group_by: [client_team, server_service]
                    interval: 1m
                    delay: 0s
                    timeout: 500ms
                    max_window: 10m
                    series_ttl: 30m
                    new_series_delay: 0s
                """
                    .formatted(server.url("/")));
    QueryConfig q = config.queries().get(0);
    SourceQuery bound =
        SourceProvider.of(config.sources().get("dd"))
            .open(
                "dd",
                config.sources().get("dd").settings(),
                new SourceContext(new OkHttpClient(), clock))
            .bind(q.name(), q.spec());
    Sleeper sleeper =
        d -> {
          sleeps.add(d);
          clock.advance(d);
        };
    runner =
        new RunnerFactory(
                store,
                clock,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8)),
                sleeper)
            .create(q, "datadog", bound, QueryState.fresh(q, Renderers.shared()));
    runner.claim();
  }

  @AfterEach
  void stop() {
    server.close();
    logs.close();
  }

  private void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).body(body).build());
  }

  private String exposed() {
    StringBuilder out = new StringBuilder();
    for (Rendered r :
        List.of(store.gauges("q").orElse(Rendered.EMPTY), store.counters("q").rendered())) {
      for (FamilyChunk f : r.families()) {
        out.append(f.chunk().text());
      }
    }
    return out.toString();
  }

  private long polls(Outcome outcome) {
    return runner.status().polls(outcome);
  }

  @Test
  void successExposesGaugesAndCountersWithTheQueryLabel() {
    enqueue(200, ONE_ROW);
    runner.poll();
    String text = exposed();
    assertTrue(
        text.contains(
            "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 7\n"),
        text);
    assertTrue(
        text.contains(
            "datadog_cnm_rtt_seconds{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 0.0008\n"),
        text);
    assertEquals(1, polls(Outcome.SUCCESS));
    assertEquals(1, runner.status().rows());
  }

  @Test
  void countersAddEachWindowAndGaugesHoldTheLatest() {
    enqueue(200, ONE_ROW);
    runner.poll();
    clock.advance(Duration.ofMinutes(1));
    enqueue(
        200,
        ONE_ROW
            .replace("\"tcp_refusals\": 7", "\"tcp_refusals\": 1")
            .replace("\"rtt_micro_seconds\": 800", "\"rtt_micro_seconds\": 1500"));
    runner.poll();
    String text = exposed();
    assertTrue(
        text.contains(
            "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 8\n"),
        text);
    assertTrue(
        text.contains(
            "datadog_cnm_rtt_seconds{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 0.0015\n"),
        text);
  }

  @Test
  void serverErrorIsRetriedWithBackoffThenSucceeds() {
    enqueue(503, "{\"errors\":[\"Service Unavailable\"]}");
    enqueue(502, "bad gateway");
    enqueue(200, ONE_ROW);
    runner.poll();
    assertEquals(3, server.getRequestCount());
    assertEquals(2, sleeps.size());
    assertTrue(sleeps.get(0).compareTo(Duration.ofSeconds(1)) <= 0);
    assertTrue(sleeps.get(1).compareTo(Duration.ofSeconds(2)) <= 0);
    assertEquals(1, polls(Outcome.SUCCESS));
    assertEquals(0, polls(Outcome.ERROR));
  }

  @Test
  void retriesAreBoundedAndTheFailureCounted() {
    for (int i = 0; i < 3; i++) {
      enqueue(500, "{\"errors\":[\"Internal Server Error\"]}");
    }
    runner.poll();
    assertEquals(3, server.getRequestCount());
    assertEquals(1, polls(Outcome.ERROR));
    assertTrue(runner.status().lastError().contains("HTTP 500: Internal Server Error"));
  }

  @Test
  void rateLimitWaitsAsTheUpstreamSays() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("X-RateLimit-Reset", "7")
            .setHeader("X-RateLimit-Remaining", "0")
            .body("{\"errors\":[\"Too many requests\"]}")
            .build());
    enqueue(200, ONE_ROW);
    runner.poll();
    assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    assertEquals(1, polls(Outcome.SUCCESS));
  }

  @Test
  void rateLimitBeyondThePollDeadlineFailsAsRateLimited() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("X-RateLimit-Reset", "3600")
            .body("{\"errors\":[\"Too many requests\"]}")
            .build());
    runner.poll();
    assertEquals(1, server.getRequestCount());
    assertTrue(sleeps.isEmpty());
    assertEquals(1, polls(Outcome.RATE_LIMITED));
  }

  @Test
  void badRequestIsNotRetriedAndItsTextIsLogged() {
    enqueue(400, Fixtures.read("datadog-400-invalid-limit.json"));
    runner.poll();
    assertEquals(1, server.getRequestCount());
    assertEquals(1, polls(Outcome.ERROR));
    assertTrue(logs.text().contains("Invalid limit: Limit must meet requirements"), logs.text());
  }

  @Test
  void aHangingUpstreamTimesOutAndTheLastGoodDataSurvives() {
    enqueue(200, ONE_ROW);
    runner.poll();
    String before = exposed();
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
    runner.poll();
    assertEquals(1, polls(Outcome.TIMEOUT));
    assertEquals(before, exposed());
  }

  @Test
  void aMalformedBodyFailsThePollAndKeepsTheLastGoodData() {
    enqueue(200, ONE_ROW);
    runner.poll();
    String before = exposed();
    clock.advance(Duration.ofMinutes(1));
    enqueue(200, ONE_ROW.substring(0, 200));
    runner.poll();
    assertEquals(1, polls(Outcome.ERROR));
    assertEquals(1, server.getRequestCount() - 1);
    assertTrue(runner.status().lastError().startsWith("malformed Datadog response"));
    assertEquals(before, exposed());
  }

  @Test
  void gaugesLeaveAfterThreeIntervalsWithoutSuccessButCountersStay() {
    enqueue(200, ONE_ROW);
    runner.poll();
    clock.advance(Duration.ofMinutes(3).minusSeconds(1));
    assertTrue(store.gauges("q").isPresent());
    clock.advance(Duration.ofSeconds(2));
    assertTrue(store.gauges("q").isEmpty());
    assertTrue(exposed().contains("datadog_cnm_tcp_refusals_total"));
    assertFalse(exposed().contains("datadog_cnm_rtt_seconds"));
  }

  @Test
  void afterFailuresTheNextSuccessCoversTheGapInOneRequest() throws Exception {
    enqueue(200, ONE_ROW);
    runner.poll();
    RecordedRequest first = server.takeRequest();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      enqueue(400, "{\"errors\":[\"Bad Request\"]}");
      runner.poll();
      server.takeRequest();
    }
    clock.advance(Duration.ofMinutes(1));
    enqueue(200, ONE_ROW);
    runner.poll();
    RecordedRequest catchUp = server.takeRequest();
    assertEquals(first.getUrl().queryParameter("to"), catchUp.getUrl().queryParameter("from"));
    long span =
        Long.parseLong(catchUp.getUrl().queryParameter("to"))
            - Long.parseLong(catchUp.getUrl().queryParameter("from"));
    assertEquals(240, span);
    assertTrue(
        exposed()
            .contains(
                "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 14\n"));
  }

  @Test
  void gapsBeyondMaxWindowAreSkippedAndCounted() throws Exception {
    enqueue(200, ONE_ROW);
    runner.poll();
    server.takeRequest();
    clock.advance(Duration.ofMinutes(30));
    enqueue(200, ONE_ROW);
    runner.poll();
    RecordedRequest r = server.takeRequest();
    long span =
        Long.parseLong(r.getUrl().queryParameter("to"))
            - Long.parseLong(r.getUrl().queryParameter("from"));
    assertEquals(600, span);
    assertEquals(20 * 60, runner.status().skippedSeconds());
  }

  @Test
  void secretsNeverReachTheLogs() {
    enqueue(401, "{\"errors\":[\"Unauthorized\"]}");
    runner.poll();
    assertFalse(logs.text().isEmpty());
    assertFalse(logs.text().contains("secret-api-key-42"), logs.text());
    assertFalse(logs.text().contains("app-key-43"), logs.text());
    assertFalse(runner.status().toString().contains("secret-api-key-42"));
  }
}
