package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.demo.TrafficOpsSimulator;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code labels:} through the whole exporter, against the simulator of each upstream: on every
 * series of the query, gauges and counters, right after {@code query}; a Dynatrace v2 dimension
 * that turns out to be one of them fails the poll, counted and said.
 */
class StaticLabelsEndToEndTest {
  private Simulator simulator;
  private App app;
  private String base;

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC());
    app =
        Exporters.start(
            """
            defaults:
              labels: {env: prod, team: platform}
              delay: 0s
              new_series_delay: 0s
            sources:
              dd: {type: datadog, granularity: 1s, base_url: "%1$s", api_key: "%2$s", app_key: "%3$s"}
              cdn: {type: traffic_ops, url: "%1$s", username: "%4$s", password: "%5$s"}
              dt: {type: dynatrace, url: "%1$s", api_token: "%6$s"}
            queries:
              - name: flows
                source: dd
                group_by: [client_service]
                interval: 1m
                labels: {team: payments, note: "a \\"quoted\\" välue"}
              - {name: edge, source: cdn, cdns: [CDN-in-a-Box], interval: 1m}
              - {name: hosts, source: dt, metric_selector: "builtin:host.cpu.usage", labels: {team: hosts}}
              - {name: clash, source: dt, metric_selector: "builtin:host.cpu.usage", labels: {dt_entity_host: mine}}
            """
                .formatted(
                    simulator.url(),
                    Simulator.DEMO_API_KEY,
                    Simulator.DEMO_APP_KEY,
                    TrafficOpsSimulator.USER,
                    TrafficOpsSimulator.PASSWORD,
                    DynatraceSimulator.TOKEN),
            Exporters.loopback(0));
    base = "http://127.0.0.1:" + app.port();
    app.pollAllNow();
  }

  @AfterEach
  void stop() {
    app.close();
    simulator.close();
  }

  private static List<String> samples(String metrics, String prefix) {
    return metrics.lines().filter(l -> l.startsWith(prefix)).toList();
  }

  @Test
  void everySeriesOfAQueryCarriesItsLabelsAfterQuery() {
    String metrics = Http.get(base + "/metrics").body();
    List<String> datadog = samples(metrics, "datadog_cnm_");
    assertTrue(datadog.stream().anyMatch(l -> l.contains("_total{")), metrics);
    assertTrue(datadog.stream().anyMatch(l -> l.startsWith("datadog_cnm_rtt_seconds{")), metrics);
    for (String line : datadog) {
      assertTrue(
          line.contains(
              "{query=\"flows\",env=\"prod\",note=\"a \\\"quoted\\\" välue\",team=\"payments\","
                  + "client_service=\""),
          line);
    }
    List<String> trafficOps = samples(metrics, "trafficops_cdn_");
    assertFalse(trafficOps.isEmpty(), metrics);
    for (String line : trafficOps) {
      assertTrue(
          line.contains("{query=\"edge\",env=\"prod\",team=\"platform\",cdn=\"CDN-in-a-Box\""),
          line);
    }
    List<String> dynatrace = samples(metrics, "dynatrace_host_cpu_usage_percent{");
    assertFalse(dynatrace.isEmpty(), metrics);
    for (String line : dynatrace) {
      assertTrue(
          line.startsWith(
              "dynatrace_host_cpu_usage_percent{query=\"hosts\",env=\"prod\",team=\"hosts\","
                  + "dt_entity_host=\"HOST-"),
          line);
    }
    assertTrue(metrics.contains("statsbridge_up{query=\"flows\"} 1\n"), "self-metrics as before");
  }

  @Test
  void aDimensionThatIsAStaticLabelFailsThePollCountedAndSaid() {
    Map<String, QueryStatus> statuses =
        app.statuses().stream().collect(Collectors.toMap(QueryStatus::query, Function.identity()));
    QueryStatus clash = statuses.get("clash");
    assertEquals(1, clash.polls(Outcome.ERROR));
    String error =
        "labels.dt_entity_host is also a label of the upstream's rows (key \"dt.entity.host\");"
            + " rename it";
    assertEquals(error, clash.lastError());
    assertEquals(1, statuses.get("hosts").polls(Outcome.SUCCESS));
    String metrics = Http.get(base + "/metrics").body();
    assertTrue(metrics.contains("statsbridge_up{query=\"clash\"} 0\n"), metrics);
    assertFalse(metrics.contains("query=\"clash\",env"), metrics);
    String page = Http.get(base + "/").body();
    assertTrue(page.contains(error.replace("\"", "&quot;").replace("'", "&#39;")), page);
  }
}
