package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.status.Outcome;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Upstreams;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Answers the spec allows but a strict reader would choke on, through the whole exporter: the poll
 * succeeds, /metrics has the usable rows and counts the rest, the landing page and the log say what
 * was left out.
 */
class DatadogEndToEndTest {
  static final String ROWS =
      """
      {"data":[
        {"attributes":{"group_bys":{"client_service":["checkout"]},"rtt_micro_seconds":1500,
          "packets_sent_by_client":3,"packets_sent_by_server":1,"tcp_refusals":2},
         "id":"client_service:checkout","type":"aggregated_connection"},
        {"id":"client_service:cart","type":"aggregated_connection"},
        {"attributes":null,"id":"client_service:payments","type":"aggregated_connection"}]}
      """;

  private static String config(MockWebServer upstream) {
    return """
        sources:
          dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: api-key, app_key: app-key}
        queries:
          - {name: q, source: dd, group_by: [client_service], interval: 1m, delay: 0s, new_series_delay: 0s}
        """
        .formatted(upstream.url("/"));
  }

  /** A sample's value. */
  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no " + series + " in\n" + metrics);
  }

  @Test
  void rowsWithoutAttributesAreCountedOnMetricsAndTheRestExported() throws Exception {
    AtomicReference<String> body = new AtomicReference<>(ROWS);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:10Z"));
    try (MockWebServer upstream =
            Upstreams.answering(
                r ->
                    new MockResponse.Builder()
                        .setHeader("Content-Type", "application/vnd.api+json")
                        .body(body.get())
                        .build());
        LogCapture logs = new LogCapture();
        App app = Exporters.start(config(upstream), Exporters.loopback(0).clock(clock))) {
      String base = "http://127.0.0.1:" + app.port();
      app.pollAllNow();
      String metrics = Http.get(base + "/metrics").body();
      assertEquals(1, sample(metrics, "statsbridge_up{query=\"q\"}"));
      assertEquals(2, sample(metrics, "statsbridge_rows_skipped_total{query=\"q\"}"));
      assertEquals(1, sample(metrics, "statsbridge_upstream_warnings{query=\"q\"}"));
      assertEquals(0, sample(metrics, "statsbridge_query_no_data{query=\"q\"}"));
      assertEquals(
          0.0015,
          sample(metrics, "datadog_cnm_rtt_seconds{query=\"q\",client_service=\"checkout\"}"));
      assertEquals(
          2,
          sample(
              metrics, "datadog_cnm_tcp_refusals_total{query=\"q\",client_service=\"checkout\"}"));
      assertTrue(logs.text().contains("2 rows without"), logs.text());
      assertTrue(Http.get(base + "/").body().contains("2 rows without"));

      clock.advance(Duration.ofMinutes(1));
      app.pollAllNow();
      metrics = Http.get(base + "/metrics").body();
      assertEquals(4, sample(metrics, "statsbridge_rows_skipped_total{query=\"q\"}"));

      body.set("{}");
      clock.advance(Duration.ofMinutes(1));
      app.pollAllNow();
      metrics = Http.get(base + "/metrics").body();
      assertEquals(1, sample(metrics, "statsbridge_up{query=\"q\"}"));
      assertEquals(1, sample(metrics, "statsbridge_query_no_data{query=\"q\"}"));
      assertEquals(4, sample(metrics, "statsbridge_rows_skipped_total{query=\"q\"}"));
      assertEquals(3, app.statuses().get(0).polls(Outcome.SUCCESS));
      assertEquals(0, app.statuses().get(0).polls(Outcome.ERROR));
      String page = Http.get(base + "/").body();
      assertTrue(page.contains("no data"), page);
      assertTrue(page.contains("array (the API may leave it out): no connections"), page);
    }
  }
}
