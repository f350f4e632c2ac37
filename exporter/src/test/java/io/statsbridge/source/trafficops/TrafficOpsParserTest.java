package io.statsbridge.source.trafficops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.SourceException;
import io.statsbridge.status.Remarks;
import io.statsbridge.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrafficOpsParserTest {
  @Test
  void documentedCacheStatsGivesTheLatestNonNullPointAndTheSummary() throws Exception {
    TrafficOpsParser.CacheStats stats =
        TrafficOpsParser.cacheStats(Fixtures.read("trafficops-cache-stats-response.json"));
    assertEquals(OptionalDouble.of(113), stats.latest());
    // fifthPercentile 0 beside min 108.8 is Traffic Ops' stand-in for "none": no p5 sample.
    assertArrayEquals(
        new double[] {
          111.83333333333333,
          108.83333333333334,
          113.66666666666666,
          Double.NaN,
          113.66666666666666,
          113.66666666666666
        },
        stats.summary().orElseThrow());
  }

  @Test
  void aZeroFifthPercentileOfZeroDataIsReal() throws Exception {
    TrafficOpsParser.CacheStats stats =
        TrafficOpsParser.cacheStats(
            "{\"response\":{\"summary\":{\"average\":2,\"count\":40,\"fifthPercentile\":0,\"max\":9,\"min\":0,"
                + "\"ninetyEighthPercentile\":9,\"ninetyFifthPercentile\":8}}}");
    assertArrayEquals(new double[] {2, 0, 9, 0, 8, 9}, stats.summary().orElseThrow());
  }

  @Test
  void theLatestPointIsChosenByTimeNotByPosition() throws Exception {
    TrafficOpsParser.CacheStats stats =
        TrafficOpsParser.cacheStats(
            "{\"response\":{\"series\":{\"values\":[[1572295680000000001,7],[1572295680000000000,9],[1572295740000000000,null]]}}}");
    assertEquals(OptionalDouble.of(7), stats.latest());
  }

  @Test
  void nanosecondTimesAbove2Pow53AreExactAndRfc3339TimesAreRead() throws Exception {
    long t = 1572295680000000001L;
    assertTrue(t > (1L << 53));
    // One nanosecond apart: as doubles the two times would be one, and the later point lost.
    assertEquals(
        OptionalDouble.of(2),
        TrafficOpsParser.cacheStats(
                "{\"response\":{\"series\":{\"values\":[[" + t + ",2],[" + (t - 1) + ",1]]}}}")
            .latest());
    assertEquals(
        OptionalDouble.of(5),
        TrafficOpsParser.cacheStats(
                "{\"response\":{\"series\":{\"values\":[[\"2019-10-28T20:48:00Z\",5],"
                    + "[\"2019-10-28T20:47:00Z\",4],[\"not a time\",null]]}}}")
            .latest());
  }

  @Test
  void noDataExportsNothingNotZeros() throws Exception {
    TrafficOpsParser.CacheStats stats =
        TrafficOpsParser.cacheStats(
            "{\"response\":{\"summary\":{\"average\":0,\"count\":0,\"fifthPercentile\":0,\"max\":0,\"min\":0,"
                + "\"ninetyEighthPercentile\":0,\"ninetyFifthPercentile\":0}}}");
    assertTrue(stats.latest().isEmpty());
    assertTrue(stats.summary().isEmpty());
  }

  @Test
  void anIdleCdnsZerosAreRealZeros() throws Exception {
    // Points were measured (count 3) and all were 0: an idle CDN, not a missing answer.
    TrafficOpsParser.CacheStats stats =
        TrafficOpsParser.cacheStats(
            "{\"response\":{\"series\":{\"values\":[[1572295560000000000,0],[1572295620000000000,0],[1572295680000000000,0]]},"
                + "\"summary\":{\"average\":0,\"count\":3,\"fifthPercentile\":0,\"max\":0,\"min\":0,"
                + "\"ninetyEighthPercentile\":0,\"ninetyFifthPercentile\":0}}}");
    assertEquals(OptionalDouble.of(0), stats.latest());
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, stats.summary().orElseThrow());
  }

  @Test
  void zerosWithoutACountAreRealOnlyWhenTheSeriesHasPoints() throws Exception {
    String zeros =
        "\"summary\":{\"average\":0,\"fifthPercentile\":0,\"max\":0,\"min\":0,"
            + "\"ninetyEighthPercentile\":0,\"ninetyFifthPercentile\":0}";
    assertTrue(TrafficOpsParser.cacheStats("{\"response\":{" + zeros + "}}").summary().isEmpty());
    assertArrayEquals(
        new double[] {0, 0, 0, 0, 0, 0},
        TrafficOpsParser.cacheStats(
                "{\"response\":{\"series\":{\"values\":[[1572295560000000000,0]]}," + zeros + "}}")
            .summary()
            .orElseThrow());
  }

  @Test
  void theAggregateAllRowStaysOutOfPerCacheRows() throws Exception {
    assertEquals(
        List.of(),
        TrafficOpsParser.cachesStats(Fixtures.read("trafficops-caches-stats-response.json")));
    List<TrafficOpsParser.CacheRow> rows =
        TrafficOpsParser.cachesStats(
            "{\"response\":[{\"profile\":\"EDGE\",\"connections\":3,\"ip\":null,\"status\":\"REPORTED\",\"healthy\":false,"
                + "\"kbps\":12.5,\"hostname\":\"edge-1\",\"cachegroup\":\"cg\"},"
                + "{\"profile\":\"ALL\",\"connections\":3,\"ip\":null,\"status\":\"ALL\",\"healthy\":true,\"kbps\":12.5,"
                + "\"hostname\":\"ALL\",\"cachegroup\":\"ALL\"}]}");
    assertEquals(
        List.of(new TrafficOpsParser.CacheRow("cg", "edge-1", "EDGE", "REPORTED", 12.5, 3, 0)),
        rows);
  }

  @Test
  void malformedBodiesFail() {
    for (String body :
        List.of(
            "{",
            "{\"alerts\":[]}",
            "{\"response\":[]}",
            "{\"response\":{\"series\":{\"values\":[[1]]}}}",
            "{\"response\":{\"series\":{\"values\":[[\"yesterday\",1]]}}}")) {
      SourceException e =
          assertThrows(SourceException.class, () -> TrafficOpsParser.cacheStats(body), body);
      assertTrue(e.getMessage().startsWith("malformed Traffic Ops response"), e.getMessage());
    }
  }

  @Test
  void alertsGiveTheErrorText() {
    assertEquals(
        "Invalid username or password.",
        TrafficOpsParser.errorText(
            "{\"alerts\":[{\"text\":\"note\",\"level\":\"info\"},{\"text\":\"Invalid username or password.\",\"level\":\"error\"}]}"));
    assertEquals(
        "Successfully logged in.",
        TrafficOpsParser.errorText(Fixtures.read("trafficops-login-response.json")));
  }

  @Test
  void kbpsAndConnectionsAreUint64InTrafficOpsCacheData() {
    // cachesstats.go: the type a caches/stats value is held against (OutOfRangeValuesTest).
    String go = Fixtures.read("vendor/trafficops/cachesstats.go");
    assertTrue(go.contains("\tKBPS        uint64            `json:\"kbps\"`\n"), go);
    assertTrue(go.contains("\tConnections uint64            `json:\"connections\"`\n"), go);
  }

  @Test
  void aNonObjectRowIsSkippedAndCounted() throws Exception {
    List<TrafficOpsParser.CacheRow> rows = new ArrayList<>();
    Remarks skipped =
        TrafficOpsParser.cachesStats(
            new ByteArrayInputStream(
                "{\"response\":[7,{\"hostname\":\"edge-1\",\"cachegroup\":\"cg\",\"kbps\":1}]}"
                    .getBytes(StandardCharsets.UTF_8)),
            rows::add);
    assertEquals(1, rows.size());
    assertEquals(1, skipped.skippedRows());
    assertEquals(List.of("1 caches/stats row skipped: not an object"), skipped.warnings());
  }
}
