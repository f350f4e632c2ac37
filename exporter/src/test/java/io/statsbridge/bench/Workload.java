package io.statsbridge.bench;

import io.statsbridge.demo.Simulator;
import java.util.List;

/**
 * One size of the benchmark: {@code queries} Datadog queries of {@code rows} rows each, grouped by
 * six tags (every client→server flow is its own row), 17 attributes a row. The queries of a
 * multi-query size group by the same tags in different orders, so each returns every row and the
 * {@code query} label keeps their series apart.
 */
record Workload(int rows, int queries) {
  static final int ATTRIBUTES = Family.DATADOG.size();

  /** The simulator's services: 88 × 87 client→server pairs hold 7,500 flows. */
  static final int SERVICES = 88;

  static final List<String> SIX_TAGS =
      List.of(
          "client_service",
          "server_service",
          "client_team",
          "server_team",
          "client_availability-zone",
          "server_availability-zone");

  private static final List<List<String>> ORDERS =
      List.of(
          SIX_TAGS,
          List.of(
              "server_availability-zone",
              "client_availability-zone",
              "server_team",
              "client_team",
              "server_service",
              "client_service"),
          List.of(
              "server_service",
              "client_service",
              "server_team",
              "client_team",
              "server_availability-zone",
              "client_availability-zone"));

  Workload {
    if (queries < 1 || queries > ORDERS.size()) {
      throw new IllegalArgumentException(
          "queries must be 1.." + ORDERS.size() + ", got " + queries);
    }
    if (rows < 1 || rows > 7500) {
      throw new IllegalArgumentException("rows must be 1..7500 (Datadog's limit), got " + rows);
    }
  }

  /** The size nearest {@code series} that whole rows of one query make. */
  static Workload ofSeries(int series) {
    return new Workload(Math.round((float) series / ATTRIBUTES), 1);
  }

  int series() {
    return rows * queries * ATTRIBUTES;
  }

  String queryName(int i) {
    return "q" + (i + 1);
  }

  List<String> groupBy(int i) {
    return ORDERS.get(i);
  }

  /** statsbridge's config for this size against the simulator (1 s buckets, no delay). */
  String config(String simulatorUrl, String interval) {
    StringBuilder yaml =
        new StringBuilder(
            """
            defaults: {interval: %s, delay: 0s, timeout: 60s, new_series_delay: 0s}
            sources:
              sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            queries:
            """
                .formatted(interval, simulatorUrl, Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY));
    for (int i = 0; i < queries; i++) {
      yaml.append(
          "  - {name: %s, source: sim, group_by: [%s], limit: 7500}\n"
              .formatted(queryName(i), String.join(", ", groupBy(i))));
    }
    return yaml.toString();
  }

  /** A config of the same shape whose one query matches no flow: the empty exporter. */
  static String emptyConfig(String simulatorUrl, String interval) {
    return new Workload(1, 1)
        .config(simulatorUrl, interval)
        .replace("limit: 7500}", "limit: 7500, tags: [\"env:nowhere\"]}");
  }
}
