package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.source.SourceException;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.testing.Exposed;
import io.statsbridge.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatadogResponseParserTest {
  static final List<String> GROUP_BY = List.of("client_team", "server_service");

  private static Batch parse(String body) throws SourceException {
    return DatadogResponseParser.parse(body, GROUP_BY, DatadogAttribute.ALL, 100);
  }

  private static Map<String, Double> byMetric(Batch batch, Row row) {
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < batch.tables().get(0).families().size(); i++) {
      out.put(batch.tables().get(0).families().get(i).sampleName(), row.value(i));
    }
    return out;
  }

  @Test
  void mapsEveryAttributeOfTheDocumentedExample() throws Exception {
    Batch batch = parse(Fixtures.read("datadog-200-documented-example.json"));
    assertEquals(1, batch.tables().get(0).rows().size());
    Row row = batch.tables().get(0).rows().get(0);
    assertEquals(List.of("networks", "hucklebuck"), row.labelValues());
    Map<String, Double> v = byMetric(batch, row);
    Map<String, Double> expected =
        Map.ofEntries(
            Map.entry("datadog_cnm_bytes_sent_by_client_total", 100.0),
            Map.entry("datadog_cnm_bytes_sent_by_server_total", 200.0),
            Map.entry("datadog_cnm_packets_sent_by_client_total", 10.0),
            Map.entry("datadog_cnm_packets_sent_by_server_total", 20.0),
            Map.entry("datadog_cnm_tcp_refusals_total", 7.0),
            Map.entry("datadog_cnm_tcp_resets_total", 5.0),
            Map.entry("datadog_cnm_tcp_timeouts_total", 6.0),
            Map.entry("datadog_cnm_tcp_retransmits_total", 30.0),
            Map.entry("datadog_cnm_tcp_delivered_ce_total", 12.0),
            Map.entry("datadog_cnm_tcp_probe0_total", 2.0),
            Map.entry("datadog_cnm_tcp_rcv_ooo_packets_total", 15.0),
            Map.entry("datadog_cnm_tcp_recoveries_total", 8.0),
            Map.entry("datadog_cnm_tcp_reorders_seen_total", 4.0),
            Map.entry("datadog_cnm_tcp_rtos_total", 3.0),
            Map.entry("datadog_cnm_tcp_established_connections_per_second", 40.0),
            Map.entry("datadog_cnm_tcp_closed_connections_per_second", 30.0),
            Map.entry("datadog_cnm_rtt_seconds", 0.0008));
    assertEquals(expected, v);
  }

  @Test
  void onlyTheChosenAttributesAreExported() throws Exception {
    Batch batch =
        DatadogResponseParser.parse(
            Fixtures.read("datadog-200-documented-example.json"),
            GROUP_BY,
            List.of(DatadogAttribute.TCP_REFUSALS, DatadogAttribute.TCP_TIMEOUTS),
            100);
    Row row = batch.tables().get(0).rows().get(0);
    assertEquals(
        Map.of("datadog_cnm_tcp_refusals_total", 7.0, "datadog_cnm_tcp_timeouts_total", 6.0),
        byMetric(batch, row));
    assertEquals(
        "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 7\n"
            + "datadog_cnm_tcp_timeouts_total{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} 6\n",
        Exposed.text(batch));
  }

  @Test
  void groupByValuesOfEveryShapeBecomeOneLabelValue() throws Exception {
    Batch batch =
        parse(
            """
            {"data":[
              {"id":"x","attributes":{"group_bys":{"client_team":["a","b"],"server_service":null},
                "tcp_refusals":1,"other":{"nested":[1,2]}}},
              {"attributes":{"group_bys":{"client_team":[null,7,{"o":1}],"server_service":"s"},
                "tcp_refusals":3}},
              {"attributes":{"group_bys":"not an object","tcp_refusals":null},"type":"t"},
              {"attributes":{"group_bys":{"client_team":[],"server_service":["s"]}}}]}
            """);
    List<Row> rows = batch.tables().get(0).rows();
    assertEquals(List.of("a,b", ""), rows.get(0).labelValues());
    assertEquals(List.of(",7,", "s"), rows.get(1).labelValues());
    assertEquals(List.of("", ""), rows.get(2).labelValues());
    assertEquals(List.of("", "s"), rows.get(3).labelValues());
    assertSame(
        rows.get(1).labelValues().get(1),
        rows.get(3).labelValues().get(1),
        "rows share one string per distinct value");
    int refusals = DatadogAttribute.ALL.indexOf(DatadogAttribute.TCP_REFUSALS);
    assertEquals(1, rows.get(0).value(refusals));
    assertEquals(3, rows.get(1).value(refusals));
    assertTrue(Double.isNaN(rows.get(2).value(refusals)));
  }

  @Test
  void rowsWithoutAttributesAreSkippedCountedAndTheOthersExported() throws Exception {
    Batch batch =
        parse(
            """
            {"data":[
              {"id":"client_team:a","type":"aggregated_connection"},
              {"attributes":{"group_bys":{"client_team":["b"]},"tcp_refusals":7}},
              {"attributes":null,"id":"client_team:c"},
              {"type":"aggregated_connection","attributes":null}]}
            """);
    assertEquals(1, batch.rowCount());
    assertEquals(List.of("b", ""), batch.tables().get(0).rows().get(0).labelValues());
    assertEquals(
        "datadog_cnm_tcp_refusals_total{query=\"q\",client_team=\"b\",server_service=\"\"} 7\n",
        Exposed.text(batch));
    assertEquals(3, batch.remarks().skippedRows());
    assertEquals(
        List.of("3 rows without \"attributes\" skipped (the API may leave them out)"),
        batch.remarks().warnings());
    assertFalse(batch.remarks().noData());
  }

  @Test
  void rowsOfTheWrongShapeAreSkippedAndCountedApart() throws Exception {
    Batch batch =
        parse(
            """
            {"data":[7,{"attributes":[1]},{"attributes":"x"},null,
              {"attributes":{"tcp_timeouts":2}},{"id":"x"}]}
            """);
    assertEquals(1, batch.rowCount());
    assertEquals(5, batch.remarks().skippedRows());
    assertEquals(
        List.of(
            "1 row without \"attributes\" skipped (the API may leave them out)",
            "4 rows skipped: not an object with an \"attributes\" object"),
        batch.remarks().warnings());
  }

  @Test
  void aBodyWithoutDataIsNoDataWithAWarning() throws Exception {
    for (String body :
        List.of("{}", "{\"data\":null}", "{\"meta\":{\"page\":[1]}}", "{\"errors\":[]}")) {
      Batch batch = parse(body);
      assertEquals(0, batch.rowCount(), body);
      assertTrue(batch.remarks().noData(), body);
      assertEquals(
          List.of("the answer has no \"data\" array (the API may leave it out): no connections"),
          batch.remarks().warnings(),
          body);
      assertEquals(0, batch.remarks().skippedRows());
      assertFalse(batch.truncated());
    }
  }

  @Test
  void skippedRowsCountTowardsTheLimitTheUpstreamApplied() throws Exception {
    Batch batch =
        DatadogResponseParser.parse(
            "{\"data\":[{\"id\":\"a\"},{\"attributes\":{\"tcp_refusals\":1}},{\"id\":\"c\"}]}",
            GROUP_BY,
            DatadogAttribute.ALL,
            2);
    assertEquals(1, batch.rowCount());
    assertEquals(
        1, batch.remarks().skippedRows(), "the row past the limit is dropped, not skipped");
    assertTrue(batch.truncated());
  }

  @Test
  void levelsAreGaugesAndTotalsAreCounters() {
    for (MetricFamily f : DatadogAttribute.families(DatadogAttribute.ALL)) {
      // The API documents the connection attributes as "measured in connections per second":
      // rates of the window, so gauges, named for their unit.
      boolean level =
          f.name().endsWith("_connections_per_second")
              || f.name().equals("datadog_cnm_rtt_seconds");
      assertEquals(level ? MetricFamily.Kind.GAUGE : MetricFamily.Kind.COUNTER, f.kind(), f.name());
    }
  }

  @Test
  void emptyDataIsAnEmptyBatchWithNoData() throws Exception {
    Batch batch = parse(Fixtures.read("datadog-200-empty.json"));
    assertTrue(batch.tables().get(0).rows().isEmpty());
    assertFalse(batch.truncated());
    assertTrue(batch.remarks().noData());
    assertEquals(List.of(), batch.remarks().warnings());
  }

  @Test
  void missingNullNegativeAndNonNumericValuesGiveNoSample() throws Exception {
    Batch batch =
        parse(
            """
            {"data":[{"attributes":{"group_bys":{"client_team":["a"],"server_service":["b"]},
              "bytes_sent_by_client":null,"tcp_refusals":-3,"tcp_resets":"7","tcp_timeouts":2,
              "brand_new_attribute":5},"id":"x","type":"aggregated_connection","extra":{}}],
             "meta":{"page":1}}
            """);
    Map<String, Double> v = byMetric(batch, batch.tables().get(0).rows().get(0));
    assertTrue(v.get("datadog_cnm_bytes_sent_by_client_total").isNaN());
    assertTrue(v.get("datadog_cnm_tcp_refusals_total").isNaN());
    assertTrue(v.get("datadog_cnm_tcp_resets_total").isNaN());
    assertTrue(v.get("datadog_cnm_rtt_seconds").isNaN());
    assertEquals(2.0, v.get("datadog_cnm_tcp_timeouts_total"));
  }

  @Test
  void rowsOfOneLabelSetCombineAsEachFamilyDeclares() throws Exception {
    // An empty group_by: every row has the same (empty) label set.
    Batch batch =
        DatadogResponseParser.parse(
            """
            {"data":[
              {"attributes":{"group_bys":{},"bytes_sent_by_client":100,"packets_sent_by_client":10,
                "packets_sent_by_server":20,"rtt_micro_seconds":1000,"tcp_established_connections":5,
                "tcp_closed_connections":2}},
              {"attributes":{"group_bys":{},"bytes_sent_by_client":300,"packets_sent_by_client":50,
                "packets_sent_by_server":20,"rtt_micro_seconds":3000,"tcp_established_connections":7,
                "tcp_closed_connections":3}}]}
            """,
            List.of(),
            DatadogAttribute.ALL,
            100);
    String text = Exposed.text(batch);
    // RTT weighted by each row's packets: (1 ms × 30 + 3 ms × 70) ÷ 100.
    assertTrue(text.contains("datadog_cnm_rtt_seconds{query=\"q\"} 0.0024\n"), text);
    // Rates of disjoint connections add up, as the counters do.
    assertTrue(
        text.contains("datadog_cnm_tcp_established_connections_per_second{query=\"q\"} 12\n"),
        text);
    assertTrue(
        text.contains("datadog_cnm_tcp_closed_connections_per_second{query=\"q\"} 5\n"), text);
    assertTrue(text.contains("datadog_cnm_bytes_sent_by_client_total{query=\"q\"} 400\n"), text);
  }

  @Test
  void multiValuedGroupBysAreJoinedAndMissingOnesAreEmpty() throws Exception {
    Batch batch =
        parse("{\"data\":[{\"attributes\":{\"group_bys\":{\"client_team\":[\"a\",\"b\"]}}}]}");
    assertEquals(List.of("a,b", ""), batch.tables().get(0).rows().get(0).labelValues());
  }

  @Test
  void rowsReachingTheLimitAreFlaggedTruncated() throws Exception {
    String body = Fixtures.read("datadog-200-documented-example.json");
    assertTrue(DatadogResponseParser.parse(body, GROUP_BY, DatadogAttribute.ALL, 1).truncated());
    assertFalse(DatadogResponseParser.parse(body, GROUP_BY, DatadogAttribute.ALL, 2).truncated());
  }

  @Test
  void malformedBodiesFailWithAClearMessage() {
    for (String body :
        List.of(
            "{\"data\":[{\"attributes\":",
            "[]",
            "{\"data\":{}}",
            "{\"data\":7}",
            "",
            "{\"data\":[{\"attributes\":{}}",
            "{} {}")) {
      SourceException e = assertThrows(SourceException.class, () -> parse(body), body);
      assertEquals(SourceException.Kind.ERROR, e.kind());
      assertTrue(e.getMessage().startsWith("malformed Datadog response: "), e.getMessage());
    }
  }

  @Test
  void readsBothErrorBodyForms() {
    assertEquals(
        "Invalid limit: Limit must meet requirements listed in https://docs.datadoghq.com/api/latest/cloud-network-monitoring/",
        DatadogResponseParser.errorText(Fixtures.read("datadog-400-invalid-limit.json")));
    assertEquals("Bad Request", DatadogResponseParser.errorText("{\"errors\":[\"Bad Request\"]}"));
    assertEquals("<html>oops</html>", DatadogResponseParser.errorText("<html>oops</html>"));
  }

  @Test
  void rowsBeyondTheLimitAreDroppedWhenTheUpstreamIgnoresIt() throws Exception {
    StringBuilder body = new StringBuilder("{\"meta\":{\"x\":[1,2]},\"data\":[");
    for (int i = 0; i < 50; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"attributes\":{\"tcp_refusals\":1,\"group_bys\":{\"client_team\":[\"t")
          .append(i)
          .append("\"]}}}");
    }
    body.append("]}");
    Batch batch = DatadogResponseParser.parse(body.toString(), GROUP_BY, DatadogAttribute.ALL, 20);
    assertEquals(20, batch.rowCount());
    assertTrue(batch.truncated());
  }

  @Test
  void aBodyThatDoesNotEndAfterItsObjectIsMalformed() {
    SourceException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SourceException.class, () -> parse("{\"data\":[]} {\"data\":[]}"));
    assertTrue(e.getMessage().startsWith("malformed Datadog response"), e.getMessage());
  }
}
