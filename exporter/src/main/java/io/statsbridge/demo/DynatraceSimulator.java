package io.statsbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynatrace's Timeseries API v1 ({@code POST /api/v1/timeseries/{id}}) and Metrics API v2 ({@code
 * GET /api/v2/metrics/query}, one result per selector and no paging, and the metric descriptors
 * {@code GET /api/v2/metrics/{selector}}) over {@link Monitored}; v2 selectors may carry the
 * transformations {@link Selector} knows.
 */
public final class DynatraceSimulator implements HttpHandler {
  public static final String TOKEN = "demo-dynatrace-token";
  static final int TUPLE_LIMIT = 100_000;
  static final long MAX_DATA_POINTS = 20_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Faults faults;
  private final AtomicInteger tupleLimit = new AtomicInteger(TUPLE_LIMIT);

  public DynatraceSimulator(Faults faults) {
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!("Api-Token " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        error(ex, 401, "Token Authentication failed");
        return;
      }
      SimHttp.Injected fault =
          SimHttp.inject(
              ex, faults, (e, code, title, detail) -> error(e, code, title + ": " + detail));
      if (fault.answered()) {
        return;
      }
      String path = ex.getRequestURI().getPath();
      String body;
      if (path.startsWith("/api/v1/timeseries/") && ex.getRequestMethod().equals("POST")) {
        body =
            v1(
                ex,
                URLDecoder.decode(
                    path.substring("/api/v1/timeseries/".length()), StandardCharsets.UTF_8));
      } else if (path.equals("/api/v2/metrics/query")) {
        body = v2(ex);
      } else if (path.startsWith("/api/v2/metrics/")) {
        body =
            descriptor(
                ex,
                URLDecoder.decode(
                    path.substring("/api/v2/metrics/".length()), StandardCharsets.UTF_8));
      } else {
        error(ex, 404, "Not found");
        body = null;
      }
      if (body != null) {
        SimHttp.send(ex, 200, "application/json", fault.body(body));
      }
    }
  }

  /** {@code GET /api/v2/metrics/{selector}}: transformations included, as Dynatrace documents. */
  private static String descriptor(HttpExchange ex, String text) throws IOException {
    Selector selector;
    try {
      selector = Selector.parse(text);
    } catch (IllegalArgumentException e) {
      error(ex, 404, "Metric not found: " + e.getMessage());
      return null;
    }
    StringBuilder json = new StringBuilder("{\"metricId\":");
    SimHttp.jsonString(json, selector.text()).append(",\"unit\":");
    return SimHttp.jsonString(json, selector.unit()).append('}').toString();
  }

  private String v1(HttpExchange ex, String id) throws IOException {
    Monitored.Metric m = Monitored.byV1(id);
    if (m == null) {
      error(ex, 400, "Timeseries " + id + " does not exist");
      return null;
    }
    JsonNode request = JSON.readTree(ex.getRequestBody());
    long start = request.path("startTimestamp").asLong(0);
    long end = request.path("endTimestamp").asLong(0);
    if (start <= 0 || end <= start) {
      error(ex, 400, "Constraints violated.", "startTimestamp", "must be before endTimestamp");
      return null;
    }
    boolean total = request.path("queryMode").asText("SERIES").equalsIgnoreCase("TOTAL");
    StringBuilder json = new StringBuilder("{\"result\":{\"dataPoints\":{");
    int n = 0;
    for (Monitored.Entity e : m.entities()) {
      json.append(n++ > 0 ? "," : "");
      SimHttp.jsonString(json, e.id()).append(":[");
      List<Double> values = new ArrayList<>();
      List<Long> slots = new ArrayList<>();
      // Slots as Dynatrace reports them: the first may start before startTimestamp.
      for (long t = Math.floorDiv(start, 60_000) * 60_000; t < end; t += 60_000) {
        slots.add(t);
        values.add(Monitored.value(m, e, t));
      }
      if (total) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
          if (!Double.isNaN(v)) {
            sum += v;
            count++;
          }
        }
        // The one TOTAL point is stamped with the window's end: the docs never say which time it
        // carries, and their response model shows a point after the request's end.
        json.append('[')
            .append(end)
            .append(',')
            .append(count == 0 ? "null" : Double.toString(sum / count))
            .append(']');
      } else {
        for (int i = 0; i < slots.size(); i++) {
          double v = values.get(i);
          json.append(i > 0 ? "," : "")
              .append('[')
              .append(slots.get(i))
              .append(',')
              .append(Double.isNaN(v) ? "null" : Double.toString(v))
              .append(']');
        }
      }
      json.append(']');
    }
    json.append("},\"unit\":");
    SimHttp.jsonString(json, m.unit())
        .append(",\"resolutionInMillisUTC\":60000,\"aggregationType\":");
    SimHttp.jsonString(json, request.path("aggregationType").asText("AVG").toUpperCase())
        .append(",\"entities\":{");
    n = 0;
    for (Monitored.Entity e : m.entities()) {
      for (String id1 : e.id().split(", ")) {
        json.append(n++ > 0 ? "," : "");
        SimHttp.jsonString(json, id1).append(':');
        SimHttp.jsonString(json, Monitored.name(id1));
      }
    }
    json.append("},\"timeseriesId\":");
    SimHttp.jsonString(json, m.v1Id()).append("}}");
    return json.toString();
  }

  /**
   * {@code GET /api/v2/metrics/query} as the Environment API v2 answers it: one result per selector
   * with all its data items, no paging ({@code nextPageKey} is always null and takes no parameter),
   * and the tuple limit: past {@link #tupleLimit(int)} tuples (100,000 in Dynatrace's docs) the
   * rest are ignored and the result's {@code dimensionCountRatio} reaches 1.
   */
  private String v2(HttpExchange ex) throws IOException {
    Map<String, String> q = DatadogSimulator.query(ex.getRequestURI().getRawQuery());
    long from;
    long to;
    try {
      from = Long.parseLong(q.getOrDefault("from", ""));
      to = Long.parseLong(q.getOrDefault("to", ""));
    } catch (NumberFormatException e) {
      error(
          ex, 400, "Constraints violated.", "from", "from and to must be epoch milliseconds here");
      return null;
    }
    List<Selector> selectors = new ArrayList<>();
    for (String text : Selector.split(q.getOrDefault("metricSelector", ""))) {
      try {
        selectors.add(Selector.parse(text));
      } catch (IllegalArgumentException e) {
        error(ex, 400, "Constraints violated.", "metricSelector", e.getMessage());
        return null;
      }
    }
    int limit = tupleLimit.get();
    int left = limit;
    Set<String> primaryEntities = new LinkedHashSet<>();
    StringBuilder results = new StringBuilder();
    for (Selector selector : selectors) {
      List<Monitored.Entity> all = selector.metric().entities();
      List<Monitored.Entity> kept = all.subList(0, Math.max(0, Math.min(left, all.size())));
      left -= kept.size();
      kept.forEach(e -> primaryEntities.add(dimensionValue(e)));
      results.append(results.length() > 0 ? "," : "");
      result(results, selector, kept, (double) all.size() / limit, from, to);
    }
    return new StringBuilder("{\"totalCount\":")
        .append(primaryEntities.size())
        .append(",\"nextPageKey\":null,\"resolution\":\"1m\",\"result\":[")
        .append(results)
        .append("]}")
        .toString();
  }

  /**
   * Dynatrace's limit of dimension tuples for one query (100,000 in its docs); tests lower it to
   * see a cut answer.
   */
  public void tupleLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("tuple limit < 1: " + limit);
    }
    tupleLimit.set(limit);
  }

  /**
   * One {@code MetricSeriesCollection}: the metricId is the selector as asked, transformations
   * included, as Dynatrace echoes it; one data item per entity, timestamps ending their slots.
   */
  private static void result(
      StringBuilder json,
      Selector selector,
      List<Monitored.Entity> entities,
      double tupleRatio,
      long from,
      long to) {
    Monitored.Metric m = selector.metric();
    long firstSlot = Math.floorDiv(from, 60_000) * 60_000;
    long slots = Math.max(0, (to - firstSlot + 59_999) / 60_000);
    json.append("{\"metricId\":");
    SimHttp.jsonString(json, selector.text())
        .append(",\"dataPointCountRatio\":")
        .append((double) slots * entities.size() / MAX_DATA_POINTS)
        .append(",\"dimensionCountRatio\":")
        .append(tupleRatio)
        .append(",\"data\":[");
    for (int i = 0; i < entities.size(); i++) {
      Monitored.Entity e = entities.get(i);
      String id = dimensionValue(e);
      json.append(i > 0 ? "," : "").append("{\"dimensions\":[");
      SimHttp.jsonString(json, id).append("],\"dimensionMap\":{");
      SimHttp.jsonString(json, m.v2Dimension()).append(':');
      SimHttp.jsonString(json, id).append("},\"timestamps\":[");
      StringBuilder values = new StringBuilder();
      int n = 0;
      for (long t = firstSlot; t < to; t += 60_000) {
        double v = selector.apply(Monitored.value(m, e, t));
        json.append(n > 0 ? "," : "").append(t + 60_000);
        values.append(n++ > 0 ? "," : "").append(Double.isNaN(v) ? "null" : Double.toString(v));
      }
      json.append("],\"values\":[").append(values).append("]}");
    }
    json.append("]}");
  }

  /** The v2 dimension value of an entity: the process group instance of a joined v1 key. */
  private static String dimensionValue(Monitored.Entity e) {
    return e.id().contains(", ") ? e.id().split(", ")[1] : e.id();
  }

  private static void error(HttpExchange ex, int code, String message) throws IOException {
    StringBuilder json =
        new StringBuilder("{\"error\":{\"code\":").append(code).append(",\"message\":");
    SimHttp.jsonString(json, message).append("}}");
    SimHttp.send(ex, code, "application/json", json.toString());
  }

  private static void error(
      HttpExchange ex, int code, String message, String path, String violation) throws IOException {
    StringBuilder json =
        new StringBuilder("{\"error\":{\"code\":").append(code).append(",\"message\":");
    SimHttp.jsonString(json, message).append(",\"constraintViolations\":[{\"path\":");
    SimHttp.jsonString(json, path).append(",\"message\":");
    SimHttp.jsonString(json, violation)
        .append(",\"parameterLocation\":\"QUERY\",\"location\":null}]}}");
    SimHttp.send(ex, code, "application/json", json.toString());
  }
}
