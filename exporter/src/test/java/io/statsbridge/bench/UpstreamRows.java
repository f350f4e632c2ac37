package io.statsbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.Simulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a per-scrape exporter would hold: each query of a {@link Workload} asked of the
 * simulator for one minute, read with the benchmark's own JSON code (not statsbridge's parser), and
 * kept as label values and raw attribute values in {@link Family#DATADOG} order.
 */
final class UpstreamRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private UpstreamRows() {}

  /** One query's rows, with the label names in statsbridge's order: query, then group-by. */
  record Query(List<String> labelNames, List<Row> rows) {}

  record Row(List<String> labelValues, double[] values) {}

  static List<Query> fetch(Simulator simulator, Workload workload, Instant end) throws Exception {
    List<Query> queries = new ArrayList<>();
    for (int q = 0; q < workload.queries(); q++) {
      List<String> groupBy = workload.groupBy(q);
      JsonNode answer = JSON.readTree(answer(simulator, groupBy, end));
      List<String> labelNames = new ArrayList<>(List.of("query"));
      groupBy.forEach(tag -> labelNames.add(tag.replaceAll("[^A-Za-z0-9_]", "_")));
      List<Row> rows = new ArrayList<>();
      for (JsonNode row : answer.get("data")) {
        JsonNode attributes = row.get("attributes");
        List<String> values = new ArrayList<>(List.of(workload.queryName(q)));
        groupBy.forEach(tag -> values.add(attributes.get("group_bys").get(tag).get(0).asText()));
        double[] numbers = new double[Family.DATADOG.size()];
        for (int f = 0; f < numbers.length; f++) {
          numbers[f] = attributes.get(Family.DATADOG.get(f).attribute()).asDouble();
        }
        rows.add(new Row(List.copyOf(values), numbers));
      }
      if (rows.size() != workload.rows()) {
        throw new IllegalStateException(
            "the simulator answered " + rows.size() + " rows, expected " + workload.rows());
      }
      queries.add(new Query(List.copyOf(labelNames), List.copyOf(rows)));
    }
    return List.copyOf(queries);
  }

  /** The simulator's answer for the minute before {@code end}, as statsbridge would ask it. */
  static byte[] answer(Simulator simulator, List<String> groupBy, Instant end) throws Exception {
    long to = end.getEpochSecond();
    URI uri =
        URI.create(
            simulator.url()
                + DatadogSimulator.PATH
                + "?from="
                + (to - 60)
                + "&to="
                + to
                + "&limit=7500&group_by="
                + URLEncoder.encode(String.join(",", groupBy), StandardCharsets.UTF_8));
    HttpResponse<byte[]> answer =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .header("DD-API-KEY", Simulator.DEMO_API_KEY)
                .header("DD-APPLICATION-KEY", Simulator.DEMO_APP_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(uri + " → HTTP " + answer.statusCode());
    }
    return answer.body();
  }
}
