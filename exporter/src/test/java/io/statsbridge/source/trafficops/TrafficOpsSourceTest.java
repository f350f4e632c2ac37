package io.statsbridge.source.trafficops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Exposed;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Sources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Traffic Ops source against MockWebServer: login, cookies, errors, no-data answers. */
class TrafficOpsSourceTest {
  static final Window WINDOW =
      new Window(Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:49:00Z"));
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final String NO_DATA =
      "{\"response\":{\"summary\":{\"average\":0,\"count\":0,\"fifthPercentile\":0,\"max\":0,\"min\":0,"
          + "\"ninetyEighthPercentile\":0,\"ninetyFifthPercentile\":0}}}";

  private MockWebServer server;
  private final MutableClock clock = new MutableClock(Instant.parse("2019-10-28T20:50:00Z"));

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
          cdn: {type: traffic_ops, url: "%s", username: ops, password: "${TO_PASSWORD}"}
        queries:
          - %s
        """
            .formatted(server.url("/"), queryYaml),
        Map.of("TO_PASSWORD", "to-secret-pw"),
        clock);
  }

  static MockResponse login(int maxAge) {
    return new MockResponse.Builder()
        .addHeader(
            "Set-Cookie",
            "mojolicious=token" + maxAge + "; Path=/; Max-Age=" + maxAge + "; HttpOnly")
        .addHeader(
            "Set-Cookie",
            "access_token=jwt" + maxAge + "; Path=/; Max-Age=" + maxAge + "; HttpOnly")
        .body(Fixtures.read("trafficops-login-response.json"))
        .build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse unauthorized() {
    return json(
        401, "{\"alerts\":[{\"text\":\"Unauthorized, please log in.\",\"level\":\"error\"}]}");
  }

  static Table table(Batch batch, String labelName) {
    return batch.tables().stream()
        .filter(t -> t.labelKeys().contains(labelName))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void logsInThenFetchesEveryMetricTypeWithTheCookie() throws Exception {
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [CDN-in-a-Box], metric_types: [bandwidth, maxkbps]}");
    server.enqueue(login(3600));
    server.enqueue(json(200, Fixtures.read("trafficops-cache-stats-response.json")));
    server.enqueue(
        json(
            200,
            Fixtures.read("trafficops-cache-stats-response.json").replace("113\n", "100000\n")));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));

    RecordedRequest login = server.takeRequest();
    assertEquals("POST", login.getMethod());
    assertEquals("/api/4.0/user/login", login.getUrl().encodedPath());
    assertEquals(
        "{\"u\":\"ops\",\"p\":\"to-secret-pw\"}".length(), login.getBody().utf8().length());
    assertTrue(login.getBody().utf8().contains("\"u\":\"ops\""));
    RecordedRequest stats = server.takeRequest();
    assertEquals("/api/4.0/cache_stats", stats.getUrl().encodedPath());
    assertEquals("CDN-in-a-Box", stats.getUrl().queryParameter("cdnName"));
    assertEquals("bandwidth", stats.getUrl().queryParameter("metricType"));
    // One nanosecond before the window: Traffic Ops selects time > startDate.
    assertEquals("2019-10-28T20:44:59.999999999Z", stats.getUrl().queryParameter("startDate"));
    assertEquals("2019-10-28T20:49:00Z", stats.getUrl().queryParameter("endDate"));
    assertEquals("1m", stats.getUrl().queryParameter("interval"));
    assertEquals("application/json;timestamp=unix", stats.getHeaders().get("Accept"));
    assertEquals("mojolicious=token3600; access_token=jwt3600", stats.getHeaders().get("Cookie"));
    assertEquals("maxkbps", server.takeRequest().getUrl().queryParameter("metricType"));

    Row cdn = table(batch, "cdn").rows().get(0);
    assertEquals(List.of("CDN-in-a-Box"), cdn.labelValues());
    // kbps × 1000 / 8: bytes per second.
    assertEquals(14_125, cdn.value(MetricType.BANDWIDTH.ordinal()));
    assertTrue(Double.isNaN(cdn.value(MetricType.CONNECTIONS.ordinal())));
    assertEquals(12_500_000, cdn.value(MetricType.MAXKBPS.ordinal()));
    Table stats6 = table(batch, "stat");
    assertEquals(6, stats6.rows().size());
    assertEquals(List.of("CDN-in-a-Box", "p95"), stats6.rows().get(4).labelValues());
    assertEquals(
        14_208.333333333332, stats6.rows().get(4).value(MetricType.BANDWIDTH.ordinal()), 1e-6);
  }

  @Test
  void theCookieIsReusedUntilItsMaxAgeThenOneNewLogin() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a], metric_types: [connections]}");
    server.enqueue(login(600));
    server.enqueue(json(200, NO_DATA));
    server.enqueue(json(200, NO_DATA));
    server.enqueue(login(600));
    server.enqueue(json(200, NO_DATA));
    q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    clock.advance(Duration.ofMinutes(5));
    q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    clock.advance(Duration.ofMinutes(6));
    q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    List<String> paths =
        List.of(
            server.takeRequest().getUrl().encodedPath(),
            server.takeRequest().getUrl().encodedPath(),
            server.takeRequest().getUrl().encodedPath(),
            server.takeRequest().getUrl().encodedPath(),
            server.takeRequest().getUrl().encodedPath());
    assertEquals(
        List.of(
            "/api/4.0/user/login",
            "/api/4.0/cache_stats",
            "/api/4.0/cache_stats",
            "/api/4.0/user/login",
            "/api/4.0/cache_stats"),
        paths);
  }

  @Test
  void anExpiredSessionUpstreamLogsInAgainOnce() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a], metric_types: [connections]}");
    server.enqueue(login(3600));
    server.enqueue(unauthorized());
    server.enqueue(login(3600));
    server.enqueue(json(200, Fixtures.read("trafficops-cache-stats-response.json")));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(113, table(batch, "cdn").rows().get(0).value(MetricType.CONNECTIONS.ordinal()));
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void refusedTwiceFailsThePollWithoutALoginLoop() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a], metric_types: [connections]}");
    server.enqueue(login(3600));
    server.enqueue(unauthorized());
    server.enqueue(login(3600));
    server.enqueue(json(403, "{\"alerts\":[{\"text\":\"Forbidden.\",\"level\":\"error\"}]}"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertTrue(e.getMessage().contains("still refused after logging in again"), e.getMessage());
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void badCredentialsAreAClearNonRetryableErrorWithoutThePassword() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a]}");
    server.enqueue(
        json(
            401,
            "{\"alerts\":[{\"text\":\"Invalid username or password.\",\"level\":\"error\"}]}"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertEquals(
        "login to Traffic Ops failed: POST /api/4.0/user/login: HTTP 401: Invalid username or password.",
        e.getMessage());
    assertEquals(1, server.getRequestCount());
    assertFalse(e.getMessage().contains("to-secret-pw"));
  }

  @Test
  void anUnknownCdnIsNamed() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [nope], metric_types: [bandwidth]}");
    server.enqueue(login(3600));
    server.enqueue(
        json(404, "{\"alerts\":[{\"text\":\"Resource not found.\",\"level\":\"error\"}]}"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertTrue(
        e.getMessage().startsWith("CDN \"nope\" not found: check this query's cdns"),
        e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 404: Resource not found."), e.getMessage());
  }

  @Test
  void noDataGivesNoSamples() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a], metric_types: [bandwidth]}");
    server.enqueue(login(3600));
    server.enqueue(json(200, NO_DATA));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    for (Table t : batch.tables()) {
      for (Row r : t.rows()) {
        for (double v : r.values()) {
          assertTrue(Double.isNaN(v), "no data must export nothing: " + r);
        }
      }
    }
  }

  @Test
  void excludeIsPassedAndTheExcludedPartIsAbsent() throws Exception {
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [a], metric_types: [bandwidth], exclude: summary}");
    server.enqueue(login(3600));
    server.enqueue(
        json(
            200,
            "{\"response\":{\"series\":{\"columns\":[\"time\",\"sum_count\"],\"values\":[[1572295500000000000,5]]}}}"));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    server.takeRequest();
    assertEquals("summary", server.takeRequest().getUrl().queryParameter("exclude"));
    assertEquals(625, table(batch, "cdn").rows().get(0).value(MetricType.BANDWIDTH.ordinal()));
    assertTrue(table(batch, "stat").rows().stream().allMatch(r -> Double.isNaN(r.value(0))));
  }

  @Test
  void perCacheRowsCarryTheirLabelsAndLeaveTheAllRowOut() throws Exception {
    SourceQuery q = query("{name: caches, source: cdn, per_cache: true}");
    server.enqueue(login(3600));
    server.enqueue(
        json(
            200,
            "{\"response\":[{\"profile\":\"EDGE\",\"connections\":3,\"ip\":null,\"status\":\"REPORTED\",\"healthy\":false,"
                + "\"kbps\":12,\"hostname\":\"edge-1\",\"cachegroup\":\"cg\"},"
                + Fixtures.read("trafficops-caches-stats-response.json")
                    .replaceAll("(?s)^\\{ \"response\": \\[|\\]\\}\\s*$", "")
                + "]}"));
    Table caches = table(q.fetch(WINDOW, Deadlines.within(TIMEOUT)), "hostname");
    assertEquals(List.of("cachegroup", "hostname", "profile", "status"), caches.labelKeys());
    assertEquals(1, caches.rows().size());
    assertEquals(List.of("cg", "edge-1", "EDGE", "REPORTED"), caches.rows().get(0).labelValues());
    assertEquals(1500, caches.rows().get(0).value(0));
    assertEquals(3, caches.rows().get(0).value(1));
    assertEquals(0, caches.rows().get(0).value(2));
    server.takeRequest(); // the login
    assertEquals("/api/4.0/caches/stats", server.takeRequest().getUrl().encodedPath());
  }

  @Test
  void twoServersWithOneLabelSetAddUpAndAreHealthyOnlyIfBothAre() throws Exception {
    SourceQuery q = query("{name: caches, source: cdn, per_cache: true}");
    server.enqueue(login(3600));
    String row =
        "{\"profile\":\"EDGE\",\"connections\":%d,\"ip\":null,\"status\":\"REPORTED\",\"healthy\":%s,"
            + "\"kbps\":%s,\"hostname\":\"edge-1\",\"cachegroup\":\"cg\"}";
    server.enqueue(
        json(
            200,
            "{\"response\":["
                + row.formatted(3, "true", "0.8")
                + ","
                + row.formatted(4, "false", "1.6")
                + "]}"));
    String text = Exposed.text(q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    String labels =
        "{query=\"q\",cachegroup=\"cg\",hostname=\"edge-1\",profile=\"EDGE\",status=\"REPORTED\"} ";
    assertTrue(
        text.contains("trafficops_cache_bandwidth_bytes_per_second" + labels + "300\n"), text);
    assertTrue(text.contains("trafficops_cache_connections" + labels + "7\n"), text);
    assertTrue(text.contains("trafficops_cache_healthy" + labels + "0\n"), text);
  }

  @Test
  void decimalKilobitsBecomeExactBytes() throws Exception {
    // 2.01 kbps is 251.25 B/s; 2.01 × 1000 in binary is 2009.9999999999998.
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [a], metric_types: [bandwidth], per_cache: true}");
    server.enqueue(login(3600));
    server.enqueue(
        json(
            200,
            "{\"response\":{\"series\":{\"columns\":[\"time\",\"sum_count\"],\"values\":[[1572295500000000000,2.01]]},"
                + "\"summary\":{\"average\":4.03,\"count\":20,\"fifthPercentile\":4.02,\"max\":4.06,\"min\":4.02,"
                + "\"ninetyEighthPercentile\":4.06,\"ninetyFifthPercentile\":4.06}}}"));
    server.enqueue(
        json(
            200,
            "{\"response\":[{\"profile\":\"EDGE\",\"connections\":3,\"ip\":null,\"status\":\"REPORTED\",\"healthy\":true,"
                + "\"kbps\":2.03,\"hostname\":\"edge-1\",\"cachegroup\":\"cg\"}]}"));
    Batch batch = q.fetch(WINDOW, Deadlines.within(TIMEOUT));
    assertEquals(251.25, table(batch, "cdn").rows().get(0).value(MetricType.BANDWIDTH.ordinal()));
    List<Row> stats = table(batch, "stat").rows();
    assertEquals(503.75, stats.get(0).value(MetricType.BANDWIDTH.ordinal()));
    assertEquals(502.5, stats.get(3).value(MetricType.BANDWIDTH.ordinal()));
    assertEquals(507.5, stats.get(2).value(MetricType.BANDWIDTH.ordinal()));
    assertEquals(253.75, table(batch, "hostname").rows().get(0).value(0));
  }

  @Test
  void aMalformedBodyFails() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a], metric_types: [bandwidth]}");
    server.enqueue(login(3600));
    server.enqueue(json(200, "{\"response\":{\"series\":"));
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(TIMEOUT)));
    assertTrue(e.getMessage().startsWith("malformed Traffic Ops response"), e.getMessage());
  }

  @Test
  void insecureSkipVerifyIsWarnedAboutWhenTheSourceOpens() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      Config config =
          Providers.loaders()
              .create(Map.<String, String>of()::get)
              .parse(
                  "t.yml",
                  """
                  sources:
                    cdn: {type: traffic_ops, url: "https://to.example", username: u, password: p, tls: {insecure_skip_verify: true}}
                  queries: [{name: q, source: cdn, cdns: [a]}]
                  """);
      SourceConfig sc = config.sources().get("cdn");
      SourceProvider.of(sc)
          .open("cdn", sc.settings(), new SourceContext(new OkHttpClient(), clock));
      assertEquals(
          1,
          logs.lines().stream().filter(l -> l.contains("tls.insecure_skip_verify")).count(),
          logs.text());
    }
  }
}
