package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Providers;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A family name on /metrics belongs to one family. A Dynatrace {@code metric_name} that is another
 * query's family, or one of the exporter's own, put a second HELP/TYPE block on /metrics, or gauge
 * samples inside a counter family; {@code --check-config} (and a reload) refuse it, naming both.
 */
class MetricNameCollisionsTest {
  static final String SOURCES =
      """
      sources:
        dd: {type: datadog, base_url: "http://127.0.0.1:1", api_key: k, app_key: a}
        dt: {type: dynatrace, url: "http://127.0.0.1:1", api_token: t}
        to: {type: traffic_ops, url: "http://127.0.0.1:1", username: u, password: p}
      queries:
      """;

  private static Config load(String queries) throws ConfigException {
    return Providers.loaders()
        .create(Map.<String, String>of()::get)
        .parse("s.yml", SOURCES + queries);
  }

  private static List<String> problems(String queries) {
    return assertThrows(ConfigException.class, () -> load(queries)).problems();
  }

  @Test
  void aMetricNameOfTheExportersOwnIsRefused() {
    for (String own :
        List.of(
            "statsbridge_up",
            "statsbridge_polls",
            "statsbridge_polls_created",
            "jvm_threads_current",
            "process_cpu_seconds",
            "caffeine_cache_hit")) {
      assertEquals(
          List.of(
              "s.yml: queries[0].metric_name: \""
                  + own
                  + "\" is a name of statsbridge's own metrics (statsbridge_*, jvm_*, process_*"
                  + " and caffeine_cache_* are reserved)"),
          problems("  - {name: a, source: dt, timeseries_id: x, metric_name: " + own + "}\n"),
          own);
    }
  }

  @Test
  void aMetricNameOfAnotherQuerysFamilyIsRefusedNamingBoth() {
    assertEquals(
        List.of(
            "s.yml: queries[1].metric_name: \"datadog_cnm_tcp_resets\" is the counter"
                + " datadog_cnm_tcp_resets of query \"net\" (queries[0]): a name on /metrics"
                + " belongs to one family"),
        problems(
            """
              - {name: net, source: dd}
              - {name: dyn, source: dt, metric_selector: "builtin:x", metric_name: datadog_cnm_tcp_resets}
            """));
    // The counter's samples are named _total and, in OpenMetrics, _created.
    assertEquals(
        List.of(
            "s.yml: queries[0].metric_name: \"datadog_cnm_tcp_resets_created\" is a sample of the"
                + " counter datadog_cnm_tcp_resets of query \"net\" (queries[1]): a name on"
                + " /metrics belongs to one family"),
        problems(
            """
              - {name: dyn, source: dt, metric_selector: "builtin:x", metric_name: datadog_cnm_tcp_resets_created}
              - {name: net, source: dd}
            """));
    assertEquals(
        List.of(
            "s.yml: queries[1].metric_name: \"trafficops_cdn_connections\" is the gauge"
                + " trafficops_cdn_connections of query \"cdn\" (queries[0]): a name on /metrics"
                + " belongs to one family"),
        problems(
            """
              - {name: cdn, source: to, cdns: [a]}
              - {name: dyn, source: dt, timeseries_id: x, metric_name: trafficops_cdn_connections}
            """));
  }

  @Test
  void twoQueriesWithOneMetricNameAreRefused() {
    assertEquals(
        List.of(
            "s.yml: queries[2].metric_name: \"cpu\" is the gauge cpu of query \"a\" (queries[0]):"
                + " a name on /metrics belongs to one family"),
        problems(
            """
              - {name: a, source: dt, timeseries_id: x, metric_name: cpu}
              - {name: b, source: dt, timeseries_id: x, metric_name: memory}
              - {name: c, source: dt, metric_selector: "builtin:y", metric_name: cpu}
            """));
  }

  @Test
  void queriesOfOneUpstreamShareItsFamiliesAndDistinctNamesPass() throws Exception {
    Config config =
        load(
            """
              - {name: a, source: dd}
              - {name: b, source: dd, group_by: [client_team]}
              - {name: c, source: to, cdns: [x], per_cache: true}
              - {name: d, source: to, cdns: [y], per_cache: true}
              - {name: e, source: dt, timeseries_id: x, metric_name: cpu}
              - {name: f, source: dt, timeseries_id: x}
              - {name: g, source: dt, timeseries_id: x}
            """);
    assertEquals(7, config.queries().size());
  }

  @Test
  void everyFamilyOfTheExportersOwnRegistryIsReserved() throws Exception {
    // The names as the running exporter exports them: a new self-metric outside the reserved
    // prefixes would fail here, not on a user's /metrics.
    Set<String> families = new TreeSet<>();
    try (App app =
        Exporters.start(
            SOURCES + "  - {name: a, source: dd}\n", Exporters.loopback(0).demo(false))) {
      for (String line :
          Http.get("http://127.0.0.1:" + app.port() + "/metrics").body().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          families.add(line.split(" ")[2]);
        }
      }
    }
    assertTrue(families.size() > 30, families.toString());
    assertTrue(families.contains("statsbridge_up"), families.toString());
    for (String family : families) {
      assertTrue(ExportedFamily.reserved(family), family);
      String base = family.endsWith("_total") ? family.substring(0, family.length() - 6) : family;
      List<String> refused =
          problems("  - {name: a, source: dt, timeseries_id: x, metric_name: " + base + "}\n");
      assertFalse(refused.isEmpty(), family);
    }
  }
}
