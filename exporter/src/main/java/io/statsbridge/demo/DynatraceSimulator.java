package io.statsbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynatrace's Timeseries API v1 ({@code POST /api/v1/timeseries/{id}}) and Metrics API v2 ({@code
 * GET /api/v2/metrics/query} with two data items a page and {@code nextPageKey}, and the metric
 * descriptors {@code GET /api/v2/metrics/{selector}}) over {@link Monitored}; v2 selectors may
 * carry the transformations {@link Selector} knows.
 */
public final class DynatraceSimulator implements HttpHandler {
  public static final String TOKEN = "demo-dynatrace-token";
  static final int PAGE_SIZE = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Faults faults;
  private final Map<String, List<String>> pages = new ConcurrentHashMap<>();
  private final AtomicInteger pageKeys = new AtomicInteger();

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

  private String v2(HttpExchange ex) throws IOException {
    Map<String, String> q = DatadogSimulator.query(ex.getRequestURI().getRawQuery());
    List<String> items;
    if (q.containsKey("nextPageKey")) {
      items = pages.remove(q.get("nextPageKey"));
      if (items == null) {
        error(ex, 400, "Constraints violated.", "nextPageKey", "unknown or expired page key");
        return null;
      }
    } else {
      items = new ArrayList<>();
      long from;
      long to;
      try {
        from = Long.parseLong(q.getOrDefault("from", ""));
        to = Long.parseLong(q.getOrDefault("to", ""));
      } catch (NumberFormatException e) {
        error(
            ex,
            400,
            "Constraints violated.",
            "from",
            "from and to must be epoch milliseconds here");
        return null;
      }
      for (String text : Selector.split(q.getOrDefault("metricSelector", ""))) {
        Selector selector;
        try {
          selector = Selector.parse(text);
        } catch (IllegalArgumentException e) {
          error(ex, 400, "Constraints violated.", "metricSelector", e.getMessage());
          return null;
        }
        for (Monitored.Entity e : selector.metric().entities()) {
          items.add(item(selector, e, from, to));
        }
      }
    }
    List<String> page = items.subList(0, Math.min(PAGE_SIZE, items.size()));
    String next = null;
    if (items.size() > PAGE_SIZE) {
      next = "page-" + pageKeys.incrementAndGet();
      pages.put(next, new ArrayList<>(items.subList(PAGE_SIZE, items.size())));
    }
    StringBuilder json =
        new StringBuilder("{\"totalCount\":").append(items.size()).append(",\"nextPageKey\":");
    json.append(next == null ? "null" : "\"" + next + "\"")
        .append(",\"resolution\":\"1m\",\"result\":[");
    for (int i = 0; i < page.size(); i++) {
      json.append(i > 0 ? "," : "").append(page.get(i));
    }
    return json.append("]}").toString();
  }

  /**
   * One result with one data item (the client merges results of the same metricId); the metricId is
   * the selector as asked, transformations included, as Dynatrace echoes it.
   */
  private static String item(Selector selector, Monitored.Entity e, long from, long to) {
    Monitored.Metric m = selector.metric();
    StringBuilder json = new StringBuilder("{\"metricId\":");
    SimHttp.jsonString(json, selector.text()).append(",\"data\":[{\"dimensions\":[");
    String id = e.id().contains(", ") ? e.id().split(", ")[1] : e.id();
    SimHttp.jsonString(json, id).append("],\"dimensionMap\":{");
    SimHttp.jsonString(json, m.v2Dimension()).append(':');
    SimHttp.jsonString(json, id).append("},\"timestamps\":[");
    StringBuilder values = new StringBuilder();
    int n = 0;
    for (long t = Math.floorDiv(from, 60_000) * 60_000; t < to; t += 60_000) {
      double v = selector.apply(Monitored.value(m, e, t));
      json.append(n > 0 ? "," : "").append(t + 60_000);
      values.append(n++ > 0 ? "," : "").append(Double.isNaN(v) ? "null" : Double.toString(v));
    }
    return json.append("],\"values\":[").append(values).append("]}]}").toString();
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
