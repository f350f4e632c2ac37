package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Dynatrace source against MockWebServer, through an ActiveGate-style base URL. */
class DynatraceSourceTest {
  static final Window WINDOW =
      new Window(Instant.ofEpochMilli(1534920000000L), Instant.ofEpochMilli(1534920180000L));
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SourceQuery query(String queryYaml) throws Exception {
    return Sources.firstQuery(
        """
        sources:
          dt: {type: dynatrace, url: "%s", api_token: "${DT_TOKEN}"}
        queries:
          - %s
        """
            .formatted(server.url("/e/abc123"), queryYaml),
        Map.of("DT_TOKEN", "dt0c01.secret-token"),
        Clock.systemUTC());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void v1PostsTheDocumentedBodyAndConvertsTheUnit() throws Exception {
    SourceQuery q =
        query(
            "{name: apps, source: dt, timeseries_id: \"com.dynatrace.builtin:app.actionspersession\", aggregation: avg,"
                + " entities: [APPLICATION-85A7CC, APPLICATION-8E41C8]}");
    server.enqueue(json(200, Fixtures.read("dynatrace-v1-timeseries-response.json")));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals(
        "/e/abc123/api/v1/timeseries/com.dynatrace.builtin:app.actionspersession",
        r.getUrl().encodedPath());
    assertEquals("Api-Token dt0c01.secret-token", r.getHeaders().get("Authorization"));
    JsonNode body = new ObjectMapper().readTree(r.getBody().utf8());
    assertEquals("AVG", body.path("aggregationType").asText());
    assertEquals("TOTAL", body.path("queryMode").asText());
    assertEquals(1534920000000L, body.path("startTimestamp").asLong());
    assertEquals(1534920180000L, body.path("endTimestamp").asLong());
    assertEquals("APPLICATION-85A7CC", body.path("entities").get(0).asText());
    assertFalse(body.has("percentile"));

    Table t = batch.tables().get(0);
    assertEquals("dynatrace_app_actionspersession_per_second", t.families().get(0).name());
    assertEquals(List.of("entity_id", "entity_name", "aggregation"), t.labelKeys());
    Row first = t.rows().get(0);
    assertEquals(List.of("APPLICATION-85A7CC", "Permanent Docker", "avg"), first.labelValues());
    assertEquals(2.888888888888889 / 60, first.value(0), 1e-15);
  }

  @Test
  void percentileIsSentAndLabelled() throws Exception {
    SourceQuery q =
        query(
            "{name: rt, source: dt, timeseries_id: \"com.dynatrace.builtin:service.responsetime\", aggregation: PERCENTILE, percentile: 90, metric_name: service_rt_p90_seconds, unit: MicroSecond}");
    server.enqueue(
        json(
            200,
            "{\"result\":{\"dataPoints\":{\"SERVICE-1\":[[1534920000000,250000]]},\"entities\":{\"SERVICE-1\":\"checkout\"},\"unit\":\"MicroSecond (µs)\",\"aggregationType\":\"PERCENTILE\"}}"));
    Table t = q.fetch(WINDOW, Deadlines.within(TIMEOUT)).tables().get(0);
    assertEquals(
        90,
        new ObjectMapper()
            .readTree(server.takeRequest().getBody().utf8())
            .path("percentile")
            .asInt());
    assertEquals("service_rt_p90_seconds", t.families().get(0).name());
    assertEquals(List.of("SERVICE-1", "checkout", "p90"), t.rows().get(0).labelValues());
    assertEquals(0.25, t.rows().get(0).value(0));
  }

  @Test
  void v2AsksOnceForTheWindowAndReadsTheUnitOnce() throws Exception {
    // The query endpoint has no nextPageKey parameter (Environment API v2 spec): a key in the
    // answer, whatever it says, is not followed.
    SourceQuery q =
        query(
            "{name: cpu, source: dt, metric_selector: \"builtin:host.cpu.usage\", resolution: 1m, entity_selector: \"type(HOST)\"}");
    server.enqueue(
        json(
            200,
            "{\"totalCount\":3,\"nextPageKey\":\"key-1\",\"resolution\":\"1m\",\"result\":[{\"metricId\":\"builtin:host.cpu.usage\",\"data\":["
                + "{\"dimensions\":[\"HOST-1\"],\"dimensionMap\":{\"dt.entity.host\":\"HOST-1\"},\"timestamps\":[1,2],\"values\":[10,null]},"
                + "{\"dimensions\":[\"HOST-3\"],\"dimensionMap\":{\"dt.entity.host\":\"HOST-3\"},\"timestamps\":[1,2],\"values\":[30,31]}]}]}"));
    server.enqueue(json(200, "{\"metricId\":\"builtin:host.cpu.usage\",\"unit\":\"Percent\"}"));
    Table t = q.fetch(WINDOW, Deadlines.within(TIMEOUT)).tables().get(0);

    RecordedRequest first = server.takeRequest();
    assertEquals("/e/abc123/api/v2/metrics/query", first.getUrl().encodedPath());
    assertEquals("builtin:host.cpu.usage", first.getUrl().queryParameter("metricSelector"));
    assertEquals("1534920000000", first.getUrl().queryParameter("from"));
    assertEquals("1534920180000", first.getUrl().queryParameter("to"));
    assertEquals("1m", first.getUrl().queryParameter("resolution"));
    assertEquals("type(HOST)", first.getUrl().queryParameter("entitySelector"));
    assertEquals(
        "/e/abc123/api/v2/metrics/builtin:host.cpu.usage",
        server.takeRequest().getUrl().encodedPath());
    assertEquals(2, server.getRequestCount(), "no page is asked for");

    assertEquals("dynatrace_host_cpu_usage_percent", t.families().get(0).name());
    assertEquals(
        List.of("dt.entity.host"),
        t.labelKeys(),
        "the upstream's own key; the store names the label");
    assertEquals(2, t.rows().size());
    assertEquals(List.of("HOST-3"), t.rows().get(1).labelValues());
    assertEquals(31, t.rows().get(1).value(0));

    server.enqueue(json(200, "{\"totalCount\":0,\"nextPageKey\":null,\"result\":[]}"));
    q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(3, server.getRequestCount(), "the descriptor is not asked for again");
  }

  @Test
  void throttlingIsRateLimitedWithoutAWaitSoThePollerBacksOff() throws Exception {
    SourceQuery q = query("{name: cpu, source: dt, metric_selector: \"builtin:host.cpu.usage\"}");
    server.enqueue(json(429, "{\"error\":{\"code\":429,\"message\":\"Too Many Requests\"}}"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.RATE_LIMITED, e.kind());
    assertTrue(e.retryAfter().isEmpty());
  }

  @Test
  void refusedTokensNameTheMissingScope() throws Exception {
    SourceQuery v1 =
        query("{name: a, source: dt, timeseries_id: \"com.dynatrace.builtin:host.cpu.idle\"}");
    server.enqueue(
        json(403, "{\"error\":{\"code\":403,\"message\":\"Token is missing required scope\"}}"));
    SourceException e1 =
        assertThrows(SourceException.class, () -> v1.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertTrue(
        e1.getMessage()
            .endsWith(
                "HTTP 403: Token is missing required scope (the API token needs the DataExport scope)"),
        e1.getMessage());
    assertFalse(e1.getMessage().contains("secret-token"));

    SourceQuery v2 = query("{name: b, source: dt, metric_selector: \"builtin:host.cpu.usage\"}");
    server.enqueue(
        json(401, "{\"error\":{\"code\":401,\"message\":\"Token Authentication failed\"}}"));
    SourceException e2 =
        assertThrows(SourceException.class, () -> v2.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertTrue(
        e2.getMessage().endsWith("(the API token needs the metrics.read scope)"), e2.getMessage());
    assertEquals(SourceException.Kind.ERROR, e2.kind());
  }

  @Test
  void constraintViolationsAreInTheMessage() throws Exception {
    SourceQuery q =
        query("{name: a, source: dt, timeseries_id: \"com.dynatrace.builtin:host.cpu.idle\"}");
    server.enqueue(
        json(
            400,
            "{\"error\":{\"code\":400,\"message\":\"Constraints violated.\",\"constraintViolations\":[{\"path\":\"startTimestamp\",\"message\":\"must be before endTimestamp\",\"parameterLocation\":\"PAYLOAD_BODY\",\"location\":null}]}}"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertTrue(
        e.getMessage()
            .endsWith(
                "HTTP 400: Constraints violated. (startTimestamp: must be before endTimestamp)"),
        e.getMessage());
  }
}
