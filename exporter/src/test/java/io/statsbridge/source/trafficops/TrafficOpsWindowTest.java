package io.statsbridge.source.trafficops;

import static io.statsbridge.source.trafficops.TrafficOpsSourceTest.json;
import static io.statsbridge.source.trafficops.TrafficOpsSourceTest.login;
import static io.statsbridge.source.trafficops.TrafficOpsSourceTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.RstExamples;
import io.statsbridge.testing.Sources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which points a poll asks Traffic Ops for, and what an answer without any says. Traffic Ops
 * selects {@code time > startDate AND time < endDate} (vendor/trafficops/trafficstats-cache.go).
 */
class TrafficOpsWindowTest {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final String VENDOR = "vendor/trafficops/";

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
          cdn: {type: traffic_ops, url: "%s", api_version: "5.0", username: ops, password: pw}
        queries:
          - %s
        """
            .formatted(server.url("/"), queryYaml),
        Map.of(),
        clock);
  }

  private static String documented() {
    return RstExamples.text(VENDOR + "cache_stats.rst", "Response Example");
  }

  @Test
  void theRequestSelectsExactlyTheMinutePointsOfTheWindowForEveryStatsInterval() throws Exception {
    for (String interval : List.of("1m", "5m", "1h", "1d")) {
      for (Window window :
          List.of(
              new Window(
                  Instant.parse("2019-10-28T20:48:00Z"), Instant.parse("2019-10-28T20:49:00Z")),
              new Window(
                  Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:50:00Z")),
              // An interval of 90s: windows need not fall on minutes.
              new Window(
                  Instant.parse("2019-10-28T20:46:30Z"), Instant.parse("2019-10-28T20:48:00Z")))) {
        SourceQuery q =
            query(
                "{name: cdn, source: cdn, cdns: [CDN-in-a-Box], metric_types: [bandwidth], stats_interval: "
                    + interval
                    + "}");
        server.enqueue(login(3600));
        server.enqueue(json(200, documented()));
        q.fetch(window, Deadlines.within(TIMEOUT));
        server.takeRequest();
        RecordedRequest r = server.takeRequest();
        assertEquals(interval, r.getUrl().queryParameter("interval"));
        Instant start = Instant.parse(r.getUrl().queryParameter("startDate"));
        Instant end = Instant.parse(r.getUrl().queryParameter("endDate"));
        // Traffic Ops' selection, strict at both ends, against ours, [from, to), for every
        // minute-stamped point around the window, and for the nanosecond on either side of it.
        for (Instant p = window.from().truncatedTo(ChronoUnit.MINUTES).minusSeconds(180);
            p.isBefore(window.to().plusSeconds(180));
            p = p.plusSeconds(60)) {
          for (Instant t : List.of(p, window.from().minusNanos(1), window.to().minusNanos(1))) {
            boolean trafficOps = t.isAfter(start) && t.isBefore(end);
            boolean ours = !t.isBefore(window.from()) && t.isBefore(window.to());
            assertEquals(ours, trafficOps, t + " in " + window + " asking " + start + ".." + end);
          }
        }
      }
    }
  }

  @Test
  void theDocumentedAnswerGivesItsLatestPointAndSummary() throws Exception {
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [CDN-in-a-Box], metric_types: [bandwidth]}");
    server.enqueue(login(3600));
    server.enqueue(json(200, documented()));
    Batch batch =
        q.fetch(
            new Window(
                Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:49:00Z")),
            Deadlines.within(TIMEOUT));
    assertEquals(
        113 * 125, table(batch, "cdn").rows().get(0).value(MetricType.BANDWIDTH.ordinal()));
    assertFalse(batch.remarks().noData());
  }

  @Test
  void noPointForAnyCdnIsASuccessWithTheNoDataRemark() throws Exception {
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [a, b], metric_types: [bandwidth, connections]}");
    server.enqueue(login(3600));
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(200, TrafficOpsSourceTest.NO_DATA));
    }
    Batch batch = q.fetch(TrafficOpsSourceTest.WINDOW, Deadlines.within(TIMEOUT));
    assertTrue(batch.remarks().noData());
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void noDataWithExcludeIsTheAbsentPartLeftAbsent() throws Exception {
    SourceQuery q =
        query("{name: cdn, source: cdn, cdns: [a], metric_types: [bandwidth], exclude: summary}");
    server.enqueue(login(3600));
    server.enqueue(json(200, "{\"response\":{}}"));
    assertTrue(q.fetch(TrafficOpsSourceTest.WINDOW, Deadlines.within(TIMEOUT)).remarks().noData());
  }

  @Test
  void onePointForOneCdnIsData() throws Exception {
    SourceQuery q = query("{name: cdn, source: cdn, cdns: [a, b], metric_types: [bandwidth]}");
    server.enqueue(login(3600));
    server.enqueue(json(200, TrafficOpsSourceTest.NO_DATA));
    server.enqueue(json(200, documented()));
    assertFalse(q.fetch(TrafficOpsSourceTest.WINDOW, Deadlines.within(TIMEOUT)).remarks().noData());
  }

  @Test
  void perCacheAloneAsksForNoWindowAndSoNeverSaysNoData() throws Exception {
    SourceQuery q = query("{name: caches, source: cdn, per_cache: true}");
    server.enqueue(login(3600));
    server.enqueue(json(200, RstExamples.text(VENDOR + "caches_stats.rst", "Response Example")));
    assertFalse(q.fetch(TrafficOpsSourceTest.WINDOW, Deadlines.within(TIMEOUT)).remarks().noData());
  }
}
