package io.statsbridge.source.trafficops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.demo.Cdns;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.demo.TrafficOpsSimulator;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole exporter polling the Traffic Ops simulator: what an operator sees on / and /metrics.
 */
class TrafficOpsAgainstSimulatorTest {
  // The window ends at 12:02; its bucket 12:01 has data (12:00 is one of the simulator's gaps).
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:02:30Z"));

  private App start(Simulator simulator, String password, String cdns) throws Exception {
    return start(simulator, password, cdns, "1m");
  }

  private App start(Simulator simulator, String password, String cdns, String interval)
      throws Exception {
    return start(simulator, password, cdns, interval, "");
  }

  private App start(
      Simulator simulator, String password, String cdns, String interval, String moreKeys)
      throws Exception {
    String yaml =
        """
        sources:
          to: {type: traffic_ops, url: "%s", api_version: "5.0", username: demo, password: "${PW}"}
        queries:
          - {name: cdn, source: to, cdns: %s, per_cache: true, interval: %s, delay: 0s%s}
        """
            .formatted(simulator.url(), cdns, interval, moreKeys);
    return App.start(
        () -> Providers.loaders().create(Map.of("PW", password)::get).parse("t.yml", yaml),
        Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .clock(clock)
            .unscheduled()
            .build());
  }

  @Test
  void exposesCdnAndCacheSeriesWithTheSimulatorsValues() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[CDN-in-a-Box, cdn-east]")) {
      assertFalse(Cdns.gap(clock.instant().getEpochSecond() - 60));
      app.pollAllNow();
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      long bucket = clock.instant().getEpochSecond() / 60 * 60 - 60;
      long expected = (long) (Cdns.bandwidthKbps(Cdns.cdn("cdn-east"), bucket) * 1000 / 8);
      assertTrue(
          metrics.contains(
              "trafficops_cdn_bandwidth_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"} "
                  + expected
                  + "\n"),
          metrics);
      assertTrue(
          metrics.contains(
              "trafficops_cdn_capacity_bytes_per_second{query=\"cdn\",cdn=\"CDN-in-a-Box\"} 12500000000\n"));
      assertTrue(
          metrics.contains(
              "trafficops_cache_healthy{query=\"cdn\",cachegroup=\"CDN_in_a_Box_Edge\",hostname=\"edge-05\",profile=\"ATS_EDGE_TIER_CACHE\",status=\"REPORTED\"} 0\n"));
      assertFalse(metrics.contains("hostname=\"ALL\""));
      assertEquals(
          20, metrics.lines().filter(l -> l.startsWith("trafficops_cache_healthy{")).count());
      assertEquals(1, simulator.trafficOps().logins());
    }
  }

  @Test
  void aMinuteWithoutDataExportsNoBandwidthButTheCapacityStays() throws Exception {
    clock.set(Instant.parse("2026-11-21T12:01:30Z"));
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]")) {
      assertTrue(Cdns.gap(clock.instant().getEpochSecond() - 60));
      app.pollAllNow();
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      assertFalse(metrics.contains("trafficops_cdn_bandwidth_bytes_per_second{"), metrics);
      assertTrue(
          metrics.contains(
              "trafficops_cdn_capacity_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"} 5000000000\n"));
      assertEquals(1, app.statuses().get(0).polls(Outcome.SUCCESS));
    }
  }

  @Test
  void aFifthPercentileTrafficOpsCouldNotComputeIsLeftOutNotExportedAsZero() throws Exception {
    // A one-minute window has one point: InfluxDB has no 5th percentile of it, and Traffic Ops
    // serves that as fifthPercentile 0 beside min > 0.
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]")) {
      app.pollAllNow();
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      long bucket = clock.instant().getEpochSecond() / 60 * 60 - 60;
      long bytes = (long) (Cdns.bandwidthKbps(Cdns.cdn("cdn-east"), bucket) * 1000 / 8);
      String stats =
          "trafficops_cdn_bandwidth_stats_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\",";
      assertTrue(metrics.contains(stats + "stat=\"min\"} " + bytes + "\n"), metrics);
      assertTrue(metrics.contains(stats + "stat=\"p95\"} " + bytes + "\n"), metrics);
      assertFalse(metrics.contains("stat=\"p5\""), metrics);
    }
  }

  @Test
  void aFifthPercentileOfEnoughPointsIsExported() throws Exception {
    // Fifteen one-minute buckets (one of them a gap): the 5th percentile is the smallest point.
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]", "15m")) {
      app.pollAllNow();
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      String stats =
          "trafficops_cdn_bandwidth_stats_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\",";
      String min = value(metrics, stats + "stat=\"min\"}");
      assertEquals(min, value(metrics, stats + "stat=\"p5\"}"), metrics);
      assertTrue(Double.parseDouble(min) > 0, metrics);
    }
  }

  @Test
  void statsChoosesWhichSummaryStatisticsAreExported() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app =
            start(
                simulator,
                TrafficOpsSimulator.PASSWORD,
                "[cdn-east]",
                "15m",
                ", stats: [p95, max]")) {
      app.pollAllNow();
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      assertEquals(
          java.util.Set.of("max", "p95"),
          metrics
              .lines()
              .filter(l -> l.startsWith("trafficops_cdn_bandwidth_stats_bytes_per_second{"))
              .map(l -> l.replaceAll(".*stat=\"([a-z0-9]+)\".*", "$1"))
              .collect(java.util.stream.Collectors.toSet()),
          metrics);
    }
  }

  /** A self-metric of query cdn (client_java's text: a trailing comma, values as doubles). */
  private static double self(String metrics, String name) {
    return Double.parseDouble(value(metrics, name + "{query=\"cdn\"}"));
  }

  private String metrics(App app) {
    return Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
  }

  /** A minute's bandwidth as exported: kbps × 1000 / 8, in bytes per second. */
  private static double exportedBandwidth(String cdn, Instant minute) {
    return MetricType.bytesPerSecond(Cdns.bandwidthKbps(Cdns.cdn(cdn), minute.getEpochSecond()));
  }

  @Test
  void oneMinuteWindowsExportEachMinutesOwnPoint() throws Exception {
    // The README's interval: 1m. The window [12:01, 12:02) holds one point, at its start edge.
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]")) {
      simulator.trafficOps().gaps(false);
      String series = "trafficops_cdn_bandwidth_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"}";
      String stats =
          "trafficops_cdn_bandwidth_stats_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\",stat=";
      List<Double> seen = new ArrayList<>();
      for (int poll = 0; poll < 3; poll++) {
        app.pollAllNow();
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(60);
        double expected = exportedBandwidth("cdn-east", minute);
        String metrics = metrics(app);
        assertEquals(expected, Double.parseDouble(value(metrics, series)), metrics);
        for (String stat : List.of("avg", "min", "max", "p95")) {
          assertEquals(
              expected, Double.parseDouble(value(metrics, stats + "\"" + stat + "\"}")), stat);
        }
        assertEquals(1, self(metrics, "statsbridge_up"));
        assertEquals(0, self(metrics, "statsbridge_query_no_data"));
        seen.add(expected);
        clock.advance(Duration.ofMinutes(1));
      }
      assertEquals(3, new java.util.HashSet<>(seen).size(), "a different value every minute");
    }
  }

  @Test
  void fiveMinuteWindowsSummariseAllFiveMinutesTheFirstIncluded() throws Exception {
    clock.set(Instant.parse("2026-11-21T12:05:30Z"));
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]", "5m")) {
      simulator.trafficOps().gaps(false);
      app.pollAllNow();
      String metrics = metrics(app);
      List<Double> minutes = new ArrayList<>();
      for (int m = 0; m < 5; m++) {
        minutes.add(
            exportedBandwidth(
                "cdn-east", Instant.parse("2026-11-21T12:00:00Z").plusSeconds(60L * m)));
      }
      assertEquals(5, new java.util.HashSet<>(minutes).size(), "a different value every minute");
      String stats =
          "trafficops_cdn_bandwidth_stats_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\",stat=";
      double avg = minutes.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertEquals(avg, Double.parseDouble(value(metrics, stats + "\"avg\"}")), 1e-6, metrics);
      assertEquals(
          java.util.Collections.min(minutes),
          Double.parseDouble(value(metrics, stats + "\"min\"}")));
      assertEquals(
          java.util.Collections.max(minutes),
          Double.parseDouble(value(metrics, stats + "\"max\"}")));
      assertEquals(
          minutes.get(4),
          Double.parseDouble(
              value(
                  metrics,
                  "trafficops_cdn_bandwidth_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"}")));
    }
  }

  @Test
  void aFiveMinuteStatsIntervalMakesTheWholeWindowOneBucket() throws Exception {
    // stats_interval groups the series: the latest point is then the mean of the five minutes.
    clock.set(Instant.parse("2026-11-21T12:05:30Z"));
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app =
            start(
                simulator,
                TrafficOpsSimulator.PASSWORD,
                "[cdn-east]",
                "5m",
                ", stats_interval: 5m")) {
      simulator.trafficOps().gaps(false);
      app.pollAllNow();
      double sum = 0;
      for (int m = 0; m < 5; m++) {
        sum +=
            Cdns.bandwidthKbps(
                Cdns.cdn("cdn-east"),
                Instant.parse("2026-11-21T12:00:00Z").plusSeconds(60L * m).getEpochSecond());
      }
      String metrics = metrics(app);
      assertEquals(
          MetricType.bytesPerSecond(sum / 5),
          Double.parseDouble(
              value(
                  metrics,
                  "trafficops_cdn_bandwidth_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"}")),
          1e-6);
    }
  }

  @Test
  void aWindowWithoutAPointForAnyCdnSaysNoDataOnTheLandingPageAndInTheSelfMetrics()
      throws Exception {
    // 12:00 is one of the simulator's minutes without bandwidth and connections.
    clock.set(Instant.parse("2026-11-21T12:01:30Z"));
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app =
            start(
                simulator,
                TrafficOpsSimulator.PASSWORD,
                "[CDN-in-a-Box, cdn-east]",
                "1m",
                ", metric_types: [bandwidth, connections]")) {
      assertTrue(Cdns.gap(clock.instant().getEpochSecond() - 90));
      app.pollAllNow();
      String metrics = metrics(app);
      assertEquals(1, self(metrics, "statsbridge_query_no_data"), metrics);
      assertEquals(1, self(metrics, "statsbridge_up"), metrics);
      assertFalse(metrics.contains("trafficops_cdn_bandwidth_bytes_per_second{"), metrics);
      String page = Http.get("http://127.0.0.1:" + app.port() + "/").body();
      assertTrue(page.contains("<td class=\"no_data\">no data</td>"), page);
      assertTrue(page.contains("no data: the upstream had none for the window"), page);

      clock.advance(Duration.ofMinutes(1));
      app.pollAllNow();
      metrics = metrics(app);
      assertEquals(0, self(metrics, "statsbridge_query_no_data"), metrics);
      assertTrue(metrics.contains("trafficops_cdn_bandwidth_bytes_per_second{"), metrics);
      page = Http.get("http://127.0.0.1:" + app.port() + "/").body();
      assertFalse(page.contains("no data"), page);
      assertEquals(2, app.statuses().get(0).polls(Outcome.SUCCESS));
    }
  }

  private static String value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> l.substring(series.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
  }

  @Test
  void aWrongPasswordIsCountedAndShownWithoutRetryingTheLogin() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, "wrong-password-123", "[cdn-east]")) {
      app.pollAllNow();
      QueryStatus status = app.statuses().get(0);
      assertEquals(1, status.polls(Outcome.ERROR));
      assertEquals(1, simulator.trafficOps().logins());
      String page = Http.get("http://127.0.0.1:" + app.port() + "/").body();
      assertTrue(
          page.contains(
              "login to Traffic Ops failed: POST /api/5.0/user/login: HTTP 401: Invalid username or password."),
          page);
      assertFalse(page.contains("wrong-password-123"));
      assertFalse(
          Http.get("http://127.0.0.1:" + app.port() + "/metrics")
              .body()
              .contains("wrong-password-123"));
    }
  }

  @Test
  void anUnknownCdnIsShownOnTheLandingPage() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-west]")) {
      app.pollAllNow();
      String page = Http.get("http://127.0.0.1:" + app.port() + "/").body();
      assertTrue(
          page.contains("CDN &quot;cdn-west&quot; not found: check this query&#39;s cdns"), page);
    }
  }

  @Test
  void anExpiredCookieMeansOneNewLogin() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), clock);
        App app = start(simulator, TrafficOpsSimulator.PASSWORD, "[cdn-east]")) {
      simulator.trafficOps().cookieMaxAge(Duration.ofSeconds(90));
      app.pollAllNow();
      clock.advance(Duration.ofMinutes(1));
      app.pollAllNow();
      assertEquals(1, simulator.trafficOps().logins());
      clock.advance(Duration.ofMinutes(1));
      app.pollAllNow();
      assertEquals(2, simulator.trafficOps().logins());
      assertEquals(3, app.statuses().get(0).polls(Outcome.SUCCESS));
    }
  }
}
