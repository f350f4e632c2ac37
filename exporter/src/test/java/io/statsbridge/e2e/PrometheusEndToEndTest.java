package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.app.App;
import io.statsbridge.dashboards.DashboardQueries;
import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.demo.TrafficOpsSimulator;
import io.statsbridge.status.Outcome;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.PrometheusServer;
import io.statsbridge.testing.RealBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product against the real thing: the exporter polls the simulator every 2s, Debian's
 * Prometheus scrapes it every second, and Prometheus' own {@code increase()} must equal the
 * simulator's ground truth, the first window included.
 */
class PrometheusEndToEndTest {
  static final String CLIENT = "checkout";
  static final String SERVER = "payments";

  @TempDir Path dir;

  @Test
  void prometheusSeesLabeledSeriesAndIncreaseMatchesGroundTruth() throws Exception {
    Path prometheusBinary = RealBinary.require("prometheus");
    Path promtool = RealBinary.require("promtool");
    Clock clock = Clock.systemUTC();
    try (Simulator simulator = Simulator.start(Traffic.of(10, 40), clock)) {
      simulator.trafficOps().gaps(false);
      String yaml =
          """
          defaults: {interval: 2s, delay: 0s, timeout: 2s, new_series_delay: 6s}
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            to: {type: traffic_ops, url: "%s", username: "%s", password: "%s"}
            dt: {type: dynatrace, url: "%s", api_token: "%s"}
          queries:
            - name: e2e
              source: sim
              group_by: [client_service, server_service]
              limit: 7500
            - name: cdn
              source: to
              cdns: [CDN-in-a-Box, cdn-east]
              per_cache: true
              # Traffic Stats keeps a point a minute: a 2s window would mostly hold none.
              interval: 1m
            - name: dt_v1
              source: dt
              timeseries_id: com.dynatrace.builtin:host.cpu.idle
              query_mode: series
            - name: dt_v2
              source: dt
              metric_selector: builtin:service.response.time
            - name: teams
              source: sim
              group_by: [client_team, server_team]
              limit: 7500
          """
              .formatted(
                  simulator.url(),
                  Simulator.DEMO_API_KEY,
                  Simulator.DEMO_APP_KEY,
                  simulator.url(),
                  TrafficOpsSimulator.USER,
                  TrafficOpsSimulator.PASSWORD,
                  simulator.url(),
                  DynatraceSimulator.TOKEN);
      // The exporter listens (on a port of its own choosing) but does not poll yet; Prometheus
      // scrapes it from the start, so it sees every new series at 0 before its first window.
      try (App app = Exporters.start(yaml, Exporters.loopback(0));
          PrometheusServer prometheus =
              PrometheusServer.start(
                  prometheusBinary,
                  dir,
                  """
                  global: {scrape_interval: 1s, evaluation_interval: 1s}
                  scrape_configs:
                    - job_name: statsbridge
                      static_configs: [{targets: ["127.0.0.1:%d"]}]
                  """
                      .formatted(app.port()))) {
        // Polls begin once scrapes succeed: a new series must be seen at 0 before its first
        // window lands (a slow first scrape on a loaded CI machine would miss it otherwise).
        Await.until(
            "a successful scrape",
            Duration.ofSeconds(30),
            () -> queryValue(prometheus, "up{job=\"statsbridge\"}") == 1);
        app.startPolling();
        String series =
            "datadog_cnm_bytes_sent_by_client_total{query=\"e2e\",client_service=\"%s\",server_service=\"%s\"}"
                .formatted(CLIENT, SERVER);

        Await.until(
            "Prometheus to scrape the exporter",
            Duration.ofSeconds(30),
            () -> queryValue(prometheus, "up{job=\"statsbridge\"}") == 1);
        Await.until(
            "five successful polls",
            Duration.ofSeconds(40),
            () -> app.statuses().get(0).polls(Outcome.SUCCESS) >= 5);

        SimulatorAgreement.trafficOps(prometheus);
        SimulatorAgreement.dynatrace(prometheus);
        List<String> dashboardProblems = DashboardQueries.check(prometheus, "1m");
        assertTrue(dashboardProblems.isEmpty(), String.join("\n", dashboardProblems));
        // The Datadog dashboard draws one line per pair whatever the query groups by.
        Await.until(
            "the team query's counters to move",
            Duration.ofSeconds(30),
            () ->
                queryValue(
                        prometheus,
                        "count(rate(datadog_cnm_bytes_sent_by_client_total{query=\"teams\"}[1m]) > 0)")
                    > 1);
        for (List<String> grouping :
            List.of(
                List.of("e2e", "client_service", "server_service"),
                List.of("teams", "client_team", "server_team"))) {
          List<String> pairProblems =
              DashboardQueries.checkPairs(
                  prometheus, "1m", grouping.get(0), grouping.get(1), grouping.get(2));
          assertTrue(pairProblems.isEmpty(), String.join("\n", pairProblems));
        }

        // Freeze the upstream: polls now fail, so the counters stop at the served windows' sum.
        simulator.faults().hangAll(true);
        // The counter stops at the sum of the windows served; wait until Prometheus has scraped
        // it there (the held-back first window lands 6s after the first poll).
        Await.until(
            "Prometheus to scrape the frozen counter",
            Duration.ofSeconds(30),
            () -> lastValue(prometheus, series) == truth(simulator));
        List<DatadogSimulator.Served> served = pairWindows(simulator);
        long expected = truth(simulator);
        long biggestWindow = 0;
        for (DatadogSimulator.Served w : served) {
          biggestWindow =
              Math.max(
                  biggestWindow,
                  simulator
                      .datadog()
                      .traffic()
                      .truth("bytes_sent_by_client", CLIENT, SERVER, w.from(), w.to()));
        }

        JsonNode result = prometheus.query(series);
        assertEquals(1, result.size(), "one series: " + result);
        JsonNode labels = result.get(0).path("metric");
        assertEquals("e2e", labels.path("query").asText());
        assertEquals(CLIENT, labels.path("client_service").asText());
        assertEquals(SERVER, labels.path("server_service").asText());
        assertEquals("statsbridge", labels.path("job").asText());

        // Evaluate at the last sample's own timestamp: no extrapolation at the end, and the
        // first sample is 0, so increase() is exactly what Prometheus saw the counter gain.
        String lastTime =
            prometheus.query("timestamp(" + series + ")").get(0).path("value").get(1).asText();
        double increase =
            prometheus
                .query("increase(" + series + "[10m])", lastTime)
                .get(0)
                .path("value")
                .get(1)
                .asDouble();
        assertTrue(served.size() >= 5, "windows served: " + served.size());
        assertTrue(
            Math.abs(increase - expected) <= biggestWindow,
            "increase() = "
                + increase
                + ", ground truth = "
                + expected
                + " over "
                + served.size()
                + " windows");
        String raw = prometheus.query(series + "[10m]", lastTime).toString();
        assertEquals(
            expected,
            increase,
            0.5,
            "with the upstream frozen they must agree exactly; samples: " + raw);

        // Every counted attribute arrives with the group-by labels.
        for (String family :
            List.of(
                "datadog_cnm_tcp_refusals_total",
                "datadog_cnm_tcp_timeouts_total",
                "datadog_cnm_tcp_rtos_total")) {
          assertTrue(prometheus.query(family + "{query=\"e2e\"}").size() >= 10, family);
        }

        byte[] exposition = Http.getBytes("http://127.0.0.1:" + app.port() + "/metrics").body();
        Processes.Result lint =
            Processes.run(List.of(promtool.toString(), "check", "metrics"), exposition, dir);
        // Base units only (bandwidth in bytes, not bits), no reserved suffix on a gauge:
        // promtool has nothing to say about the exporter's output.
        assertEquals("", lint.output().strip(), "promtool check metrics complained");
        assertEquals(0, lint.exitCode(), "promtool check metrics failed:\n" + lint.output());
        String text = new String(exposition, StandardCharsets.UTF_8);
        assertTrue(text.contains("statsbridge_up"));
        // The metrics reference documents every family a user sees (Dynatrace names follow
        // their metric ids, and the reference gives the rule).
        String reference =
            Files.readString(Path.of("").toAbsolutePath().resolveSibling("docs/metrics.md"));
        List<String> undocumented =
            text.lines()
                .filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.split(" ")[2])
                .filter(n -> n.matches("(datadog_cnm|trafficops|statsbridge)_.*"))
                .filter(n -> !reference.contains("`" + n + "`"))
                .toList();
        assertEquals(List.of(), undocumented, "families missing from docs/metrics.md");
        simulator.faults().hangAll(false);
      }
    }
  }

  /** The windows the simulator served to the pair query (not the team query). */
  private static List<DatadogSimulator.Served> pairWindows(Simulator simulator) {
    return simulator.datadog().served().stream()
        .filter(w -> w.groupBy().equals(List.of("client_service", "server_service")))
        .toList();
  }

  /** The simulator's ground truth for the checked pair over every window it served. */
  private static long truth(Simulator simulator) {
    long total = 0;
    for (DatadogSimulator.Served w : pairWindows(simulator)) {
      total +=
          simulator
              .datadog()
              .traffic()
              .truth("bytes_sent_by_client", CLIENT, SERVER, w.from(), w.to());
    }
    return total;
  }

  private static double lastValue(PrometheusServer prometheus, String series) {
    return queryValue(prometheus, series);
  }

  static double queryValue(PrometheusServer prometheus, String promql) {
    try {
      JsonNode r = prometheus.query(promql);
      return r.isEmpty() ? Double.NaN : r.get(0).path("value").get(1).asDouble();
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
