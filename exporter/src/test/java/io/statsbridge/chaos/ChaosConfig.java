package io.statsbridge.chaos;

import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.TrafficOpsSimulator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The chaos run's statsbridge.yml and its changes. A change alters timing keys of the checked
 * queries (their windows and counters must carry over) and adds or drops an unchecked query.
 */
record ChaosConfig(String pairsTimeout, String cdnInterval, boolean extraQuery) {
  static final List<CounterCheck.Query> CHECKED =
      List.of(
          new CounterCheck.Query("pairs", List.of("client_service", "server_service"), List.of()),
          new CounterCheck.Query(
              "teams", List.of("client_team", "server_team"), List.of("env:prod")));

  static ChaosConfig initial() {
    return new ChaosConfig("1500ms", "4s", false);
  }

  ChaosConfig changed(RandomGenerator random) {
    return switch (random.nextInt(3)) {
      case 0 ->
          new ChaosConfig(
              pairsTimeout.equals("1500ms") ? "1800ms" : "1500ms", cdnInterval, extraQuery);
      case 1 -> new ChaosConfig(pairsTimeout, cdnInterval.equals("4s") ? "6s" : "4s", extraQuery);
      default -> new ChaosConfig(pairsTimeout, cdnInterval, !extraQuery);
    };
  }

  String yaml(Simulator simulator) {
    String extra =
        extraQuery ? "  - {name: extra, source: sim, group_by: [client_availability-zone]}\n" : "";
    return """
        defaults: {interval: 2s, delay: 0s, timeout: 1500ms, max_window: 10m, series_ttl: 30m, new_series_delay: 3s}
        sources:
          sim: {type: datadog, granularity: 2s, base_url: "%1$s", api_key: "%2$s", app_key: "%3$s"}
          to: {type: traffic_ops, url: "%1$s", username: "%4$s", password: "%5$s"}
          dt: {type: dynatrace, url: "%1$s", api_token: "%6$s"}
        queries:
          - {name: pairs, source: sim, group_by: [client_service, server_service], limit: 7500, timeout: %7$s}
          - {name: teams, source: sim, group_by: [client_team, server_team], tags: ["env:prod"]}
          - {name: cdn, source: to, cdns: [CDN-in-a-Box, cdn-east], per_cache: true, interval: %8$s}
          - {name: hosts, source: dt, timeseries_id: "com.dynatrace.builtin:host.cpu.idle", query_mode: series}
        %9$s"""
        .formatted(
            simulator.url(),
            Simulator.DEMO_API_KEY,
            Simulator.DEMO_APP_KEY,
            TrafficOpsSimulator.USER,
            TrafficOpsSimulator.PASSWORD,
            DynatraceSimulator.TOKEN,
            pairsTimeout,
            cdnInterval,
            extra);
  }
}
