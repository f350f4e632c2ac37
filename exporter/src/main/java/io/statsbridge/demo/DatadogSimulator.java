package io.statsbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.statsbridge.demo.Traffic.Flow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v2/network/connections/aggregate} over {@link Traffic}: honours {@code from},
 * {@code to}, {@code group_by}, {@code tags}, {@code limit} and the two keys, answers errors the
 * way the real API does (JSON:API error objects, {@code application/vnd.api+json}) and sends the
 * {@code X-RateLimit-*} headers.
 */
public final class DatadogSimulator implements HttpHandler {
  public static final String PATH = "/api/v2/network/connections/aggregate";
  static final int RATE_LIMIT = 300;
  static final int RATE_PERIOD_SECONDS = 60;

  /** A window the simulator answered with 200. */
  public record Served(long from, long to, List<String> groupBy) {}

  private final Traffic traffic;
  private final String apiKey;
  private final String appKey;
  private final Faults faults;
  private final Clock clock;

  /** The latest windows served (bounded, so a long demo run does not grow without end). */
  private final java.util.Deque<Served> served = new java.util.ArrayDeque<>();

  static final int SERVED_KEPT = 10_000;
  private long periodStart;
  private int used;

  public DatadogSimulator(
      Traffic traffic, String apiKey, String appKey, Faults faults, Clock clock) {
    this.traffic = traffic;
    this.apiKey = apiKey;
    this.appKey = appKey;
    this.faults = faults;
    this.clock = clock;
  }

  public Traffic traffic() {
    return traffic;
  }

  public List<Served> served() {
    synchronized (served) {
      return List.copyOf(served);
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals(PATH)) {
        error(ex, 404, "Not Found", "no such endpoint");
        return;
      }
      rateLimitHeaders(ex);
      if (!apiKey.equals(ex.getRequestHeaders().getFirst("DD-API-KEY"))
          || !appKey.equals(ex.getRequestHeaders().getFirst("DD-APPLICATION-KEY"))) {
        error(ex, 403, "Forbidden", "API key or application key is invalid");
        return;
      }
      SimHttp.Injected fault = SimHttp.inject(ex, faults, this::error);
      if (fault.answered()) {
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      long now = clock.instant().getEpochSecond();
      long to;
      long from;
      int limit;
      try {
        to = q.containsKey("to") ? Long.parseLong(q.get("to")) : now;
        from = q.containsKey("from") ? Long.parseLong(q.get("from")) : to - 900;
        limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 100;
      } catch (NumberFormatException e) {
        error(ex, 400, "Bad Request", "from, to and limit must be integers");
        return;
      }
      if (limit < 1 || limit > 7500) {
        error(
            ex,
            400,
            "Invalid limit",
            "Limit must meet requirements listed in https://docs.datadoghq.com/api/latest/cloud-network-monitoring/");
        return;
      }
      List<String> groupBy = split(q.get("group_by"));
      if (groupBy.size() > 10 || from >= to) {
        error(
            ex,
            400,
            "Bad Request",
            groupBy.size() > 10 ? "too many group_by" : "from must be before to");
        return;
      }
      String body = body(from, to, groupBy, split(q.get("tags")), limit);
      synchronized (served) {
        served.addLast(new Served(from, to, groupBy));
        if (served.size() > SERVED_KEPT) {
          served.removeFirst();
        }
      }
      byte[] bytes = fault.body(body).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/vnd.api+json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The flows of each group-by combination that pass the tag filters, in answer order. */
  private Map<List<String>, List<Flow>> groups(List<String> groupBy, List<String> tags) {
    Map<List<String>, List<Flow>> groups = new TreeMap<>(SimHttp.LIST_ORDER);
    for (Flow f : traffic.flows()) {
      Map<String, String> t = f.tags();
      if (tags.stream().allMatch(tag -> matches(tag, t))) {
        List<String> key = new ArrayList<>(groupBy.size());
        for (String g : groupBy) {
          key.add(t.getOrDefault(g, "N/A"));
        }
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      }
    }
    return groups;
  }

  /**
   * Ground truth for tests: per group-by combination, the totals of {@link Traffic#COUNTS} over
   * {@code [from, to)} (epoch seconds), exactly as a query with these keys and tags would be told.
   */
  public Map<List<String>, long[]> truth(
      List<String> groupBy, List<String> tags, long from, long to) {
    Map<List<String>, long[]> out = new LinkedHashMap<>();
    groups(groupBy, tags)
        .forEach(
            (key, flows) -> {
              long[] totals = new long[Traffic.COUNTS.size()];
              for (Flow f : flows) {
                long[] t = traffic.totals(f, from, to);
                for (int i = 0; i < totals.length; i++) {
                  totals[i] += t[i];
                }
              }
              out.put(key, totals);
            });
    return out;
  }

  String body(long from, long to, List<String> groupBy, List<String> tags, int limit) {
    Map<List<String>, List<Flow>> groups = groups(groupBy, tags);
    StringBuilder json = new StringBuilder(groups.size() * 800 + 16);
    json.append("{\"data\":[");
    int rows = 0;
    for (Map.Entry<List<String>, List<Flow>> g : groups.entrySet()) {
      if (rows == limit) {
        break;
      }
      long[] totals = new long[Traffic.COUNTS.size()];
      long established = 0;
      long rtt = 0;
      for (Flow f : g.getValue()) {
        long[] t = traffic.totals(f, from, to);
        for (int i = 0; i < totals.length; i++) {
          totals[i] += t[i];
        }
        established += traffic.establishedPerSecond(f, from, to);
        rtt += traffic.rttMicros(f, from, to);
      }
      if (rows++ > 0) {
        json.append(',');
      }
      json.append("{\"attributes\":{");
      for (int i = 0; i < totals.length; i++) {
        json.append('"').append(Traffic.COUNTS.get(i)).append("\":").append(totals[i]).append(',');
      }
      json.append("\"tcp_established_connections\":").append(established);
      json.append(",\"tcp_closed_connections\":").append(established / 2);
      json.append(",\"rtt_micro_seconds\":").append(rtt / g.getValue().size());
      json.append(",\"group_bys\":{");
      StringBuilder id = new StringBuilder();
      for (int i = 0; i < groupBy.size(); i++) {
        json.append(i > 0 ? "," : "");
        SimHttp.jsonString(json, groupBy.get(i)).append(":[");
        SimHttp.jsonString(json, g.getKey().get(i)).append(']');
        id.append(i > 0 ? ", " : "").append(groupBy.get(i)).append(':').append(g.getKey().get(i));
      }
      json.append("}},\"id\":");
      SimHttp.jsonString(json, id.toString()).append(",\"type\":\"aggregated_connection\"}");
    }
    return json.append("]}").toString();
  }

  /**
   * {@code key:value} against the flow's tags; a bare key such as {@code service} matches either
   * side.
   */
  private static boolean matches(String tag, Map<String, String> t) {
    int colon = tag.indexOf(':');
    if (colon < 0) {
      return t.containsKey(tag);
    }
    String key = tag.substring(0, colon);
    String value = tag.substring(colon + 1);
    return value.equals(t.get(key))
        || value.equals(t.get("client_" + key))
        || value.equals(t.get("server_" + key));
  }

  private synchronized void rateLimitHeaders(HttpExchange ex) {
    long now = clock.instant().getEpochSecond();
    long period = now - Math.floorMod(now, RATE_PERIOD_SECONDS);
    if (period != periodStart) {
      periodStart = period;
      used = 0;
    }
    used++;
    ex.getResponseHeaders().set("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
    ex.getResponseHeaders().set("X-RateLimit-Period", Integer.toString(RATE_PERIOD_SECONDS));
    ex.getResponseHeaders()
        .set("X-RateLimit-Remaining", Integer.toString(Math.max(0, RATE_LIMIT - used)));
    ex.getResponseHeaders()
        .set("X-RateLimit-Reset", Long.toString(period + RATE_PERIOD_SECONDS - now));
    ex.getResponseHeaders().set("X-RateLimit-Name", "network_connections_aggregate");
  }

  private void error(HttpExchange ex, int code, String title, String detail) throws IOException {
    StringBuilder json =
        new StringBuilder("{\"errors\":[{\"status\":\"").append(code).append("\",\"title\":");
    SimHttp.jsonString(json, title).append(",\"detail\":");
    SimHttp.jsonString(json, detail).append("}]}");
    SimHttp.send(ex, code, "application/vnd.api+json", json.toString());
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }
}
