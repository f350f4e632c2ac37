package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.store.Batch;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Exposed;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A number outside the range of the type the upstream documents for it, or not finite, or one that
 * its conversion to the base unit takes past a double, is a bad row: skipped, counted in {@code
 * statsbridge_rows_skipped_total} and named in a warning, never a sample. One window total of
 * 1.79e308 added twice made a counter +Inf for good; gauges showed ±Inf. Datadog's attributes are
 * int64, Traffic Ops' {@code caches/stats} kbps and connections uint64 (its {@code CacheData}),
 * Dynatrace's values and Traffic Stats' points doubles.
 */
class OutOfRangeValuesTest {
  static final Window WINDOW =
      new Window(Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:49:00Z"));

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

  private Batch poll(String source, String query) throws Exception {
    SourceQuery q =
        Sources.firstQuery(
            """
            sources:
              up: %s
            queries:
              - %s
            """
                .formatted(source.formatted(server.url("/")), query),
            Map.of(),
            Clock.systemUTC());
    return q.fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5)));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static void noInfinity(String text) {
    assertFalse(text.contains("Inf"), text);
  }

  @Test
  void datadogCountsOutsideInt64SkipTheirRowAndNeverReachACounter() throws Exception {
    server.enqueue(
        json(
            """
            {"data":[
              {"attributes":{"group_bys":{"client_team":["ok"]},"bytes_sent_by_client":9223372036854775807,"tcp_resets":2}},
              {"attributes":{"group_bys":{"client_team":["huge"]},"bytes_sent_by_client":1.79e308}},
              {"attributes":{"group_bys":{"client_team":["huge"]},"bytes_sent_by_client":1.79e308}},
              {"attributes":{"group_bys":{"client_team":["inf"]},"tcp_resets":1E400}},
              {"attributes":{"group_bys":{"client_team":["above"]},"tcp_resets":9223372036854775808}},
              {"attributes":{"group_bys":{"client_team":["below"]},"tcp_resets":-9223372036854775809}},
              {"attributes":{"group_bys":{"client_team":["negative"]},"tcp_resets":-3,"tcp_timeouts":1}}]}
            """));
    Batch batch =
        poll(
            "{type: datadog, base_url: \"%s\", api_key: k, app_key: a}",
            "{name: q, source: up, group_by: [client_team]}");
    String text = Exposed.text(batch);
    noInfinity(text);
    assertTrue(
        text.contains("datadog_cnm_bytes_sent_by_client_total{query=\"q\",client_team=\"ok\"} 9"),
        text);
    for (String bad : new String[] {"huge", "\"inf\"", "above", "below"}) {
      assertFalse(text.contains(bad), bad + " in\n" + text);
    }
    // A negative count is dropped from its row, as ever: the row's other counts stay.
    assertTrue(
        text.contains("datadog_cnm_tcp_timeouts_total{query=\"q\",client_team=\"negative\"} 1"),
        text);
    assertFalse(text.contains("datadog_cnm_tcp_resets_total{query=\"q\",client_team=\"negative\""));
    assertEquals(5, batch.remarks().skippedRows());
    assertEquals(
        "5 rows skipped: a count outside int64 (the type Datadog documents) or not finite"
            + " (the first: bytes_sent_by_client 1.79e308)",
        batch.remarks().warnings().get(0));
  }

  @Test
  void trafficOpsValuesOutsideTheirTypeAreSkippedAndCounted() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Set-Cookie", "mojolicious=c; Max-Age=3600")
            .body(Fixtures.read("trafficops-login-response.json"))
            .build());
    // A non-finite point is left out, and the latest finite one exported; 1.7e308 kbps is finite,
    // but not in bytes per second.
    server.enqueue(
        json(
            """
            {"response":{"series":{"columns":["time","sum_count"],
               "values":[[1572295560000000000,5],[1572295620000000000,1E400]]},
             "summary":{"average":1.7e308,"count":2,"fifthPercentile":5,"max":1E400,"min":5,
               "ninetyEighthPercentile":5,"ninetyFifthPercentile":5}}}
            """));
    String cache =
        "{\"hostname\":\"%s\",\"cachegroup\":\"cg\",\"profile\":\"EDGE\",\"status\":\"REPORTED\","
            + "\"healthy\":true,\"kbps\":%s,\"connections\":%s}";
    server.enqueue(
        json(
            "{\"response\":["
                + String.join(
                    ",",
                    cache.formatted("ok", "18446744073709551615", "3"),
                    cache.formatted("above", "18446744073709551616", "3"),
                    cache.formatted("negative", "1", "-1"),
                    cache.formatted("infinite", "1E400", "1"))
                + "]}"));
    Batch batch =
        poll(
            "{type: traffic_ops, url: \"%s\", username: u, password: p}",
            "{name: q, source: up, cdns: [a], metric_types: [bandwidth], per_cache: true}");
    String text = Exposed.text(batch);
    noInfinity(text);
    assertTrue(
        text.contains("trafficops_cdn_bandwidth_bytes_per_second{query=\"q\",cdn=\"a\"} 625\n"),
        text);
    assertFalse(text.contains("stat=\"avg\""), text);
    assertFalse(text.contains("stat=\"max\""), text);
    assertTrue(text.contains("stat=\"min\"} 625\n"), text);
    assertTrue(text.contains("hostname=\"ok\""), text);
    for (String bad : new String[] {"above", "negative", "infinite"}) {
      assertFalse(text.contains(bad), bad + " in\n" + text);
    }
    assertEquals(6, batch.remarks().skippedRows(), batch.remarks().toString());
    assertTrue(
        batch.remarks().warnings().stream()
            .anyMatch(
                w ->
                    w.equals(
                        "3 caches/stats rows skipped: kbps or connections outside uint64 (the"
                            + " type Traffic Ops documents) or not finite (the first: kbps"
                            + " 18446744073709551616)")),
        batch.remarks().warnings().toString());
    assertTrue(
        batch.remarks().warnings().stream()
            .anyMatch(
                w ->
                    w.equals(
                        "3 cache_stats values skipped: not finite, or not finite in the exported"
                            + " unit (the first: bandwidth of a, a point 1E400)")),
        batch.remarks().warnings().toString());
  }

  @Test
  void dynatraceValuesThatAreNotFiniteOrOverflowTheirUnitAreSkippedAndCounted() throws Exception {
    String dynatrace = "{type: dynatrace, url: \"%s\", api_token: t}";
    server.enqueue(
        json(
            "{\"result\":{\"dataPoints\":{\"HOST-1\":[[1,5]],\"HOST-2\":[[1,1E400]],\"HOST-3\":[[1,-1E400]]},"
                + "\"unit\":\"Count (count)\",\"entities\":{}}}"));
    Batch v1 = poll(dynatrace, "{name: q, source: up, timeseries_id: \"builtin:x\"}");
    String text = Exposed.text(v1);
    noInfinity(text);
    assertTrue(text.contains("entity_id=\"HOST-1\""), text);
    assertEquals(2, v1.rowCount() == 1 ? v1.remarks().skippedRows() : -1, text);

    // 1.79e308 Kilo is 1.79e311 in the base unit: no double holds it.
    server.enqueue(
        json(
            "{\"result\":[{\"metricId\":\"builtin:x\",\"data\":["
                + "{\"dimensionMap\":{\"h\":\"ok\"},\"values\":[7]},"
                + "{\"dimensionMap\":{\"h\":\"huge\"},\"values\":[1.79e308]},"
                + "{\"dimensionMap\":{\"h\":\"infinite\"},\"values\":[3,1E400]}]}]}"));
    Batch v2 = poll(dynatrace, "{name: q, source: up, metric_selector: \"builtin:x\", unit: Kilo}");
    text = Exposed.text(v2);
    noInfinity(text);
    assertTrue(text.contains("{query=\"q\",h=\"ok\"} 7000\n"), text);
    assertEquals(1, v2.rowCount(), text);
    assertEquals(2, v2.remarks().skippedRows());
    assertTrue(
        v2.remarks()
            .warnings()
            .contains(
                "2 rows skipped: a value not finite, or not finite in the base unit (the first:"
                    + " builtin:x 1.79E308)"),
        v2.remarks().warnings().toString());
  }
}
