package io.statsbridge.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The promise under test: for every counter series of a checked query, Prometheus' {@code
 * increase()} over the whole run, restarts included, equals the simulator's ground truth for the
 * windows from the query's first window's start to its last window's end, exactly.
 */
final class CounterCheck {
  /** The exported family of each of {@link Traffic#COUNTS}, in the same order. */
  static final List<String> FAMILIES =
      List.of(
          "datadog_cnm_bytes_sent_by_client_total",
          "datadog_cnm_bytes_sent_by_server_total",
          "datadog_cnm_packets_sent_by_client_total",
          "datadog_cnm_packets_sent_by_server_total",
          "datadog_cnm_tcp_refusals_total",
          "datadog_cnm_tcp_resets_total",
          "datadog_cnm_tcp_timeouts_total",
          "datadog_cnm_tcp_retransmits_total",
          "datadog_cnm_tcp_delivered_ce_total",
          "datadog_cnm_tcp_probe0_total",
          "datadog_cnm_tcp_rcv_ooo_packets_total",
          "datadog_cnm_tcp_recoveries_total",
          "datadog_cnm_tcp_reorders_seen_total",
          "datadog_cnm_tcp_rtos_total");

  /** A checked query: its name and what it asks the upstream. */
  record Query(String name, List<String> groupBy, List<String> tags) {}

  /** What the check found. */
  record Result(int series, List<String> mismatches) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private CounterCheck() {}

  static Result check(
      List<Query> queries,
      DatadogSimulator simulator,
      PrometheusServer prometheus,
      Path cursorFile,
      String range,
      String at)
      throws IOException {
    JsonNode cursors = JSON.readTree(Files.readString(cursorFile)).path("cursors");
    int series = 0;
    List<String> mismatches = new ArrayList<>();
    for (Query q : queries) {
      List<DatadogSimulator.Served> served =
          simulator.served().stream().filter(s -> s.groupBy().equals(q.groupBy())).toList();
      if (served.isEmpty() || !cursors.has(q.name())) {
        mismatches.add(q.name() + ": never served or never delivered");
        continue;
      }
      long from = served.stream().mapToLong(DatadogSimulator.Served::from).min().getAsLong();
      long to = Instant.parse(cursors.path(q.name()).path("window_end").asText()).getEpochSecond();
      if (served.stream().noneMatch(s -> s.to() == to)) {
        mismatches.add(
            q.name() + ": the saved cursor " + to + " is no window end the upstream served");
      }
      Map<List<String>, long[]> truth = simulator.truth(q.groupBy(), q.tags(), from, to);
      for (int f = 0; f < FAMILIES.size(); f++) {
        String family = FAMILIES.get(f);
        JsonNode result =
            prometheus.query(
                "increase(" + family + "{query=\"" + q.name() + "\"}[" + range + "])", at);
        if (result.size() != truth.size()) {
          mismatches.add(
              q.name()
                  + " "
                  + family
                  + ": "
                  + result.size()
                  + " series, truth has "
                  + truth.size());
        }
        for (JsonNode r : result) {
          series++;
          List<String> key = new ArrayList<>();
          q.groupBy().forEach(g -> key.add(r.path("metric").path(g.replace('-', '_')).asText()));
          long[] expected = truth.get(key);
          double got = r.path("value").get(1).asDouble();
          if (expected == null || Math.abs(got - expected[f]) > 1e-6 * Math.max(1, expected[f])) {
            mismatches.add(
                q.name()
                    + " "
                    + family
                    + key
                    + ": increase()="
                    + got
                    + " truth="
                    + (expected == null ? "none" : expected[f])
                    + (mismatches.isEmpty()
                        ? "; samples: " + samples(prometheus, r, range, at)
                        : ""));
          }
        }
      }
    }
    return new Result(series, mismatches);
  }

  /** The raw samples of one series, for the first mismatch's message. */
  private static String samples(
      PrometheusServer prometheus, JsonNode series, String range, String at) throws IOException {
    StringBuilder selector = new StringBuilder("{");
    series
        .path("metric")
        .fields()
        .forEachRemaining(
            e ->
                selector
                    .append(e.getKey())
                    .append("=\"")
                    .append(e.getValue().asText())
                    .append("\","));
    selector.append("}");
    JsonNode raw = prometheus.query(selector + "[" + range + "]", at);
    return raw.isEmpty() ? "none" : raw.get(0).path("values").toString();
  }
}
