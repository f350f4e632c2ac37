package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.SourceException;
import io.statsbridge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynatraceParserTest {
  static final String RESPONSE = Fixtures.read("dynatrace-v1-timeseries-response.json");

  @Test
  void documentedV1ResponseGivesTheLatestNonNullPointPerEntity() throws Exception {
    DynatraceParser.V1Result r = DynatraceParser.v1(RESPONSE, 1534920180000L, false);
    assertEquals("PerMinute (count/min)", r.unit());
    assertEquals("AVG", r.aggregation());
    assertEquals(
        List.of(
            new DynatraceParser.V1Point(
                "APPLICATION-85A7CC", "Permanent Docker", 2.888888888888889),
            new DynatraceParser.V1Point("APPLICATION-8E41C8", "easyTravel AMP", 3)),
        r.points());
  }

  @Test
  void pointsAtOrAfterTheWindowEndArePredictionsAndIgnoredUnlessAsked() throws Exception {
    String body =
        "{\"result\":{\"dataPoints\":{\"HOST-1\":[[1000,1],[2000,2],[3000,99]]},\"entities\":{\"HOST-1\":\"h\"},\"unit\":\"Percent\"}}";
    assertEquals(2, DynatraceParser.v1(body, 3000, false).points().get(0).value());
    assertEquals(99, DynatraceParser.v1(body, 3000, true).points().get(0).value());
  }

  @Test
  void joinedEntityKeysStayWholeAndTheirNamesAreJoined() throws Exception {
    String body =
        "{\"result\":{\"dataPoints\":{\"HOST-1, PROCESS_GROUP_INSTANCE-2\":[[1000,5]]},"
            + "\"entities\":{\"HOST-1\":\"db-1\",\"PROCESS_GROUP_INSTANCE-2\":\"postgres\"}}}";
    DynatraceParser.V1Point p = DynatraceParser.v1(body, 9999, false).points().get(0);
    assertEquals("HOST-1, PROCESS_GROUP_INSTANCE-2", p.entityId());
    assertEquals("db-1, postgres", p.entityName());
  }

  @Test
  void anEntityWithOnlyNullsGivesNoPoint() throws Exception {
    String body =
        "{\"result\":{\"dataPoints\":{\"HOST-1\":[[1000,null],[2000,null]]},\"entities\":{}}}";
    assertTrue(DynatraceParser.v1(body, 9999, false).points().isEmpty());
  }

  @Test
  void theSpecsMetricDataExampleIsReadWhateverItsNextPageKeySays() throws Exception {
    // The spec's own example: "nextPageKey": "null" (a string), ratios as strings, a second data
    // item with dimensions but no dimensionMap, and the same warning on the answer and a result.
    DynatraceParser.V2Answer answer = DynatraceParser.v2(VendorSpecs.metricDataExample());
    assertEquals(
        List.of(
            new DynatraceParser.V2Item(
                Map.of(
                    "dt.entity.disk", "DISK-F1266E1D0AAC2C3F",
                    "dt.entity.host", "HOST-F1266E1D0AAC2C3C"),
                33.3)),
        answer.byMetric().get("builtin:host.disk.avail"));
    assertEquals(
        List.of(),
        answer.byMetric().get("builtin:host.cpu.idle:filter(eq(\"dt.entityhost\",HOST-123))"));
    assertEquals(1, answer.remarks().skippedRows(), "the item whose labels have no names");
    assertEquals(
        "The dimension key `dt.entityhost` has been referenced, but the metric has no such key.",
        answer.remarks().warnings().get(0));
    assertEquals(2, answer.remarks().warnings().size(), answer.remarks().warnings().toString());
    assertTrue(answer.remarks().warnings().get(1).contains("no dimensionMap"));
    assertFalse(answer.remarks().truncated());
    assertFalse(answer.remarks().noData());
  }

  @Test
  void theRemainderTupleIsSpelledRemainderNotNull() throws Exception {
    // metric-selector docs: the remainder tuple's dimensionMap value is null; a missing entry is
    // not the remainder.
    DynatraceParser.V2Answer answer =
        DynatraceParser.v2(
            "{\"totalCount\":2,\"nextPageKey\":null,\"resolution\":\"1m\",\"result\":[{\"metricId\":\"m:splitBy(\\\"dt.entity.host\\\"):sort(value(avg,descending)):limit(1)\",\"data\":["
                + "{\"dimensions\":[\"HOST-1\"],\"dimensionMap\":{\"dt.entity.host\":\"HOST-1\"},\"timestamps\":[1],\"values\":[7]},"
                + "{\"dimensions\":[null],\"dimensionMap\":{\"dt.entity.host\":null},\"timestamps\":[1],\"values\":[3]}]}]}");
    List<DynatraceParser.V2Item> items = answer.byMetric().values().iterator().next();
    assertEquals("HOST-1", items.get(0).dimensions().get("dt.entity.host"));
    assertEquals("remainder", items.get(1).dimensions().get("dt.entity.host"));
  }

  @Test
  void aResultAtItsTupleOrDataPointLimitIsTruncated() throws Exception {
    String body =
        "{\"totalCount\":1,\"nextPageKey\":null,\"resolution\":\"1m\",\"result\":[{\"metricId\":\"m\",\"dataPointCountRatio\":%s,\"dimensionCountRatio\":%s,\"data\":[{\"dimensions\":[],\"dimensionMap\":{},\"timestamps\":[1],\"values\":[1]}]}]}";
    assertFalse(DynatraceParser.v2(body.formatted("0.0695664", "0.99999")).remarks().truncated());
    assertEquals(
        "m reached Dynatrace's limit of dimension tuples (dimensionCountRatio 1.0); Dynatrace"
            + " ignores the tuples past it",
        DynatraceParser.v2(body.formatted("0.1", "1.0")).remarks().truncation().orElseThrow());
    assertEquals(
        "m reached Dynatrace's limit of data points (dataPointCountRatio 1.2)",
        DynatraceParser.v2(body.formatted("1.2", "0.1")).remarks().truncation().orElseThrow());
  }

  @Test
  void malformedV2BodiesFail() {
    for (String body :
        List.of(
            "[]",
            "{\"result\":{}}",
            "{\"result\":[{\"data\":[]}]}",
            "{\"result\":[{\"metricId\":\"m\",\"data\":{}}]}",
            "{\"result\":[{\"metricId\":\"m\",\"data\":[{\"dimensionMap\":{}}]}]}")) {
      SourceException e = assertThrows(SourceException.class, () -> DynatraceParser.v2(body), body);
      assertTrue(e.getMessage().startsWith("malformed Dynatrace response"), e.getMessage());
    }
  }

  @Test
  void theErrorModelReadsMessageAndViolations() {
    assertEquals(
        "string (string: string)",
        DynatraceParser.errorText(Fixtures.read("dynatrace-error-model.json")));
    assertEquals(
        "Constraints violated. (from: must be before to)",
        DynatraceParser.errorText(
            "{\"error\":{\"code\":400,\"message\":\"Constraints violated.\",\"constraintViolations\":[{\"path\":\"from\",\"message\":\"must be before to\"}]}}"));
  }

  @Test
  void malformedBodiesFail() {
    for (String body :
        List.of(
            "[]", "{\"result\":[]}", "{\"result\":{\"dataPoints\":{\"H\":[[\"x\",1]]}}}", "{")) {
      SourceException e =
          assertThrows(SourceException.class, () -> DynatraceParser.v1(body, 1, false), body);
      assertTrue(e.getMessage().startsWith("malformed Dynatrace response"), e.getMessage());
    }
  }

  @Test
  void valuesAreFloatingPointInBothSpecs() {
    // Doubles: only a value JSON cannot hold as one (1E400) or its unit's conversion can make one
    // not finite, and such a row is skipped (OutOfRangeValuesTest).
    assertEquals(
        "double",
        VendorSpecs.schemas(VendorSpecs.V2_2023_SCHEMAS)
            .path("MetricSeries")
            .path("properties")
            .path("values")
            .path("items")
            .path("format")
            .asText());
    assertEquals(
        "float",
        VendorSpecs.schemas(VendorSpecs.V1_2023_DATA_POINTS)
            .path("TimeseriesDataPointQueryResult")
            .path("properties")
            .path("dataPoints")
            .path("additionalProperties")
            .path("items")
            .path("items")
            .path("format")
            .asText());
  }
}
