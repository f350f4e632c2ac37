package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void v2PagesCarryDimensionMapsAndTheNextPageKey() throws Exception {
    DynatraceParser.V2Page page =
        DynatraceParser.v2(
            "{\"totalCount\":3,\"nextPageKey\":\"abc\",\"result\":[{\"metricId\":\"builtin:host.cpu.usage\",\"data\":["
                + "{\"dimensions\":[\"HOST-1\"],\"dimensionMap\":{\"dt.entity.host\":\"HOST-1\"},\"timestamps\":[1,2],\"values\":[7.5,null]}]}]}");
    assertEquals(
        Map.of(
            "builtin:host.cpu.usage",
            List.of(new DynatraceParser.V2Item(Map.of("dt.entity.host", "HOST-1"), 7.5))),
        page.byMetric());
    assertEquals("abc", page.nextPageKey().orElseThrow());
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
}
