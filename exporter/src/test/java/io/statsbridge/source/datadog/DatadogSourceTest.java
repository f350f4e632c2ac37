package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.Secret;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatadogSourceTest {
  static final Window WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private MockWebServer server;
  private DatadogSource source;
  private SourceQuery query;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    DatadogSettings settings =
        new DatadogSettings(
            server.url("/"),
            new Secret("the-api-key"),
            new Secret("the-app-key"),
            Duration.ofMinutes(5));
    source =
        (DatadogSource)
            new DatadogProvider()
                .open("dd", settings, new SourceContext(new OkHttpClient(), Clock.systemUTC()));
    query =
        source.bind(
            "q",
            new DatadogQuerySpec(
                List.of("client_team", "server_service"),
                List.of("env:prod", "team:net"),
                "",
                7500));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/vnd.api+json")
        .body(body)
        .build();
  }

  @Test
  void sendsWindowGroupByTagsLimitAndBothKeys() throws Exception {
    server.enqueue(json(200, Fixtures.read("datadog-200-documented-example.json")));
    Batch batch = query.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(1, batch.tables().get(0).rows().size());
    RecordedRequest request = server.takeRequest();
    assertEquals("GET", request.getMethod());
    assertEquals("/api/v2/network/connections/aggregate", request.getUrl().encodedPath());
    assertEquals("1795262400", request.getUrl().queryParameter("from"));
    assertEquals("1795262700", request.getUrl().queryParameter("to"));
    assertEquals("client_team,server_service", request.getUrl().queryParameter("group_by"));
    assertEquals("env:prod,team:net", request.getUrl().queryParameter("tags"));
    assertEquals("7500", request.getUrl().queryParameter("limit"));
    assertEquals("the-api-key", request.getHeaders().get("DD-API-KEY"));
    assertEquals("the-app-key", request.getHeaders().get("DD-APPLICATION-KEY"));
  }

  @Test
  void badRequestCarriesTheUpstreamErrorTextAndIsNotRetryable() {
    server.enqueue(json(400, Fixtures.read("datadog-400-invalid-limit.json")));
    SourceException e =
        assertThrows(SourceException.class, () -> query.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().contains("HTTP 400: Invalid limit: Limit must meet requirements"),
        e.getMessage());
  }

  @Test
  void rateLimitedReadsResetAsSecondsUntilResetAndRecordsRemaining() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("X-RateLimit-Limit", "300")
            .setHeader("X-RateLimit-Period", "60")
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", "17")
            .setHeader("X-RateLimit-Name", "network_connections_aggregate")
            .body("{\"errors\":[\"Too many requests\"]}")
            .build());
    SourceException e =
        assertThrows(SourceException.class, () -> query.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.RATE_LIMITED, e.kind());
    assertEquals(Duration.ofSeconds(17), e.retryAfter().orElseThrow());
    assertEquals(OptionalDouble.of(0), source.rateLimitRemaining());
  }

  @Test
  void rateLimitRemainingIsTrackedOnSuccess() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("X-RateLimit-Remaining", "288")
            .body("{\"data\":[]}")
            .build());
    query.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(OptionalDouble.of(288), source.rateLimitRemaining());
  }

  @Test
  void aBodyWithoutDataAndRowsWithoutAttributesAreSuccessesOverHttp() throws Exception {
    server.enqueue(json(200, "{\"meta\":{}}"));
    Batch none = query.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(0, none.rowCount());
    assertTrue(none.remarks().noData());
    assertEquals(1, none.remarks().warnings().size(), none.remarks().toString());

    server.enqueue(
        json(
            200,
            "{\"data\":[{\"id\":\"client_team:a\",\"type\":\"aggregated_connection\"},"
                + "{\"attributes\":{\"tcp_resets\":4,\"group_bys\":{\"client_team\":[\"b\"]}}}]}"));
    Batch some = query.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(1, some.rowCount());
    assertEquals(1, some.remarks().skippedRows());
    assertFalse(some.remarks().noData());
  }

  @Test
  void serverErrorsAreTransient() {
    server.enqueue(json(503, "{\"errors\":[\"Service Unavailable\"]}"));
    SourceException e =
        assertThrows(SourceException.class, () -> query.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.TRANSIENT, e.kind());
    assertTrue(e.getMessage().contains("HTTP 503: Service Unavailable"), e.getMessage());
  }

  @Test
  void aResponseThatNeverArrivesTimesOut() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> query.fetch(WINDOW, Deadlines.within(Duration.ofMillis(300))));
    assertEquals(SourceException.Kind.TIMEOUT, e.kind());
  }

  @Test
  void aConnectionCutMidBodyFails() {
    server.enqueue(
        new MockResponse.Builder()
            .body(Fixtures.read("datadog-200-documented-example.json"))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    SourceException e =
        assertThrows(SourceException.class, () -> query.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertTrue(e.retryable(), e.getMessage());
  }

  @Test
  void secretsNeverAppearInErrorMessages() {
    server.enqueue(json(403, "{\"errors\":[\"Forbidden\"]}"));
    SourceException e =
        assertThrows(SourceException.class, () -> query.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertFalse(e.getMessage().contains("the-api-key"));
    assertFalse(e.getMessage().contains("the-app-key"));
  }
}
