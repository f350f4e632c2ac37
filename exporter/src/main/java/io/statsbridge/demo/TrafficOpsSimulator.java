package io.statsbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic Ops' {@code /api/{3.0–5.x}/}: {@code user/login} (checks the credentials, sets a {@code
 * mojolicious} cookie that expires after its Max-Age), {@code cache_stats} (one-minute buckets,
 * nanosecond times with {@code timestamp=unix}, an occasional null, a zero summary and no series
 * when there is no data) and {@code caches/stats} (with its aggregate {@code ALL} row).
 */
public final class TrafficOpsSimulator implements HttpHandler {
  public static final String USER = "demo";
  public static final String PASSWORD = "demo-password";
  static final List<String> VERSIONS = List.of("3.0", "3.1", "4.0", "4.1", "5.0");
  private static final Pattern PATH = Pattern.compile("/api/([0-9.]+)/(.+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final Faults faults;
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger logins = new AtomicInteger();
  private volatile Duration cookieMaxAge = Duration.ofHours(1);
  private volatile boolean gaps = true;

  public TrafficOpsSimulator(Clock clock, Faults faults) {
    this.clock = clock;
    this.faults = faults;
  }

  /** Test knob: how long new session cookies live. */
  public void cookieMaxAge(Duration maxAge) {
    this.cookieMaxAge = maxAge;
  }

  /** Test knob: whether the occasional minute without data is served as a null point. */
  public void gaps(boolean gaps) {
    this.gaps = gaps;
  }

  public int logins() {
    return logins.get();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Matcher m = PATH.matcher(ex.getRequestURI().getPath());
      if (!m.matches() || !VERSIONS.contains(m.group(1))) {
        alert(ex, 404, "Resource not found.");
        return;
      }
      String endpoint = m.group(2);
      if (endpoint.equals("user/login") && ex.getRequestMethod().equals("POST")) {
        login(ex);
        return;
      }
      if (!authorized(ex)) {
        alert(ex, 401, "Unauthorized, please log in.");
        return;
      }
      SimHttp.Injected fault =
          SimHttp.inject(
              ex, faults, (e, code, title, detail) -> alert(e, code, title + ": " + detail));
      if (fault.answered()) {
        return;
      }
      String body =
          switch (endpoint) {
            case "cache_stats" -> cacheStats(ex);
            case "caches/stats" -> cachesStats();
            default -> null;
          };
      if (body == null) {
        if (!endpoint.equals("cache_stats")) {
          alert(ex, 404, "Resource not found.");
        }
        return;
      }
      body = fault.body(body);
      SimHttp.send(ex, 200, "application/json", body);
    }
  }

  private void login(HttpExchange ex) throws IOException {
    logins.incrementAndGet();
    JsonNode request;
    try {
      request = JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      alert(ex, 400, "Could not decode login request.");
      return;
    }
    if (!USER.equals(request.path("u").asText()) || !PASSWORD.equals(request.path("p").asText())) {
      alert(ex, 401, "Invalid username or password.");
      return;
    }
    String token = UUID.randomUUID().toString();
    sessions.put(token, clock.instant().plus(cookieMaxAge));
    long age = cookieMaxAge.toSeconds();
    ex.getResponseHeaders()
        .add("Set-Cookie", "mojolicious=" + token + "; Path=/; Max-Age=" + age + "; HttpOnly");
    ex.getResponseHeaders()
        .add("Set-Cookie", "access_token=" + token + "; Path=/; Max-Age=" + age + "; HttpOnly");
    SimHttp.send(
        ex,
        200,
        "application/json",
        "{\"alerts\":[{\"text\":\"Successfully logged in.\",\"level\":\"success\"}]}");
  }

  private boolean authorized(HttpExchange ex) {
    String cookies = ex.getRequestHeaders().getFirst("Cookie");
    if (cookies == null) {
      return false;
    }
    for (String c : cookies.split(";")) {
      String pair = c.trim();
      if (pair.startsWith("mojolicious=")) {
        Instant expires = sessions.get(pair.substring("mojolicious=".length()));
        return expires != null && clock.instant().isBefore(expires);
      }
    }
    return false;
  }

  private String cacheStats(HttpExchange ex) throws IOException {
    Map<String, String> q = DatadogSimulator.query(ex.getRequestURI().getRawQuery());
    Cdns.Cdn cdn = Cdns.cdn(q.getOrDefault("cdnName", ""));
    String type = q.getOrDefault("metricType", "");
    if (cdn == null) {
      alert(ex, 404, "Resource not found.");
      return null;
    }
    if (!List.of("bandwidth", "connections", "maxkbps").contains(type)) {
      alert(ex, 400, "'metricType' must be one of: connections, bandwidth, maxkbps");
      return null;
    }
    long from;
    long to;
    try {
      from = Instant.parse(q.getOrDefault("startDate", "")).getEpochSecond();
      to = Instant.parse(q.getOrDefault("endDate", "")).getEpochSecond();
    } catch (DateTimeParseException e) {
      alert(ex, 400, "startDate and endDate must be RFC 3339 times");
      return null;
    }
    boolean unix =
        String.valueOf(ex.getRequestHeaders().getFirst("Accept")).contains("timestamp=unix");
    String exclude = q.getOrDefault("exclude", "");
    // Buckets as InfluxDB groups them: from the minute containing startDate, before endDate.
    List<long[]> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (long t = Math.floorDiv(from, 60) * 60; t < to; t += 60) {
      times.add(new long[] {t});
      values.add(
          gaps && Cdns.gap(t) && !type.equals("maxkbps") ? Double.NaN : Cdns.metric(cdn, type, t));
    }
    List<Double> present = new ArrayList<>(values.stream().filter(v -> !v.isNaN()).toList());
    StringBuilder json = new StringBuilder("{\"response\":{");
    if (!present.isEmpty() && !exclude.equals("series")) {
      json.append("\"series\":{\"columns\":[\"time\",\"sum_count\"],\"count\":")
          .append(values.size());
      json.append(",\"name\":\"").append(type).append(".cdn.1min\",\"tags\":{\"cdn\":");
      SimHttp.jsonString(json, cdn.name()).append("},\"values\":[");
      for (int i = 0; i < values.size(); i++) {
        json.append(i > 0 ? "," : "").append('[');
        long t = times.get(i)[0];
        if (unix) {
          json.append(t * 1_000_000_000L);
        } else {
          json.append('"').append(Instant.ofEpochSecond(t)).append('"');
        }
        double v = values.get(i);
        json.append(',').append(Double.isNaN(v) ? "null" : Double.toString(v)).append(']');
      }
      json.append("]}");
    }
    if (!exclude.equals("summary")) {
      json.append(json.charAt(json.length() - 1) == '{' ? "" : ",");
      json.append("\"summary\":");
      summary(json, present);
    }
    return json.append("}}").toString();
  }

  /**
   * Traffic Ops' summary; all zeros when there is no data, as the real one answers. Traffic Ops
   * asks InfluxDB for the percentiles and turns a null into 0: with fewer than ten points the 5th
   * percentile has no rank and is served as 0 (the documented example: count 3, min 108.8,
   * fifthPercentile 0).
   */
  static void summary(StringBuilder json, List<Double> values) {
    Collections.sort(values);
    int n = values.size();
    double avg = n == 0 ? 0 : values.stream().mapToDouble(Double::doubleValue).sum() / n;
    json.append("{\"average\":").append(avg);
    json.append(",\"count\":").append(n);
    json.append(",\"fifthPercentile\":").append(percentile(values, 5));
    json.append(",\"max\":").append(n == 0 ? 0 : values.get(n - 1));
    json.append(",\"min\":").append(n == 0 ? 0 : values.get(0));
    json.append(",\"ninetyEighthPercentile\":").append(percentile(values, 98));
    json.append(",\"ninetyFifthPercentile\":").append(percentile(values, 95)).append('}');
  }

  /**
   * InfluxQL's {@code percentile()} of sorted values: nearest rank {@code floor(n × p / 100 +
   * 0.5)}; a rank below 1 is null in InfluxDB, which Traffic Ops serves as 0.
   */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.floor(sorted.size() * p / 100.0 + 0.5);
    return rank < 1 ? 0 : sorted.get(rank - 1);
  }

  private String cachesStats() {
    long now = clock.instant().getEpochSecond();
    StringBuilder json = new StringBuilder("{\"response\":[");
    double totalKbps = 0;
    double totalConnections = 0;
    int i = 0;
    for (Cdns.Cache c : Cdns.CACHES) {
      double[] v = cacheNow(c, now);
      totalKbps += v[0];
      totalConnections += v[1];
      json.append(i++ > 0 ? "," : "").append("{\"profile\":");
      SimHttp.jsonString(json, c.profile()).append(",\"connections\":").append((long) v[1]);
      json.append(",\"ip\":").append(i % 7 == 0 ? "null" : "\"172.16.1." + i + "\"");
      json.append(",\"status\":");
      SimHttp.jsonString(json, c.status()).append(",\"healthy\":").append(c.healthy());
      json.append(",\"kbps\":").append((long) v[0]).append(",\"hostname\":");
      SimHttp.jsonString(json, c.hostname()).append(",\"cachegroup\":");
      SimHttp.jsonString(json, c.cachegroup()).append('}');
    }
    json.append(",{\"profile\":\"ALL\",\"connections\":").append((long) totalConnections);
    json.append(",\"ip\":null,\"status\":\"ALL\",\"healthy\":true,\"kbps\":")
        .append((long) totalKbps);
    json.append(",\"hostname\":\"ALL\",\"cachegroup\":\"ALL\"}]}");
    return json.toString();
  }

  /** A cache's kbps and connections right now (its share of the CDN's current minute). */
  public static double[] cacheNow(Cdns.Cache c, long epochSecond) {
    Cdns.Cdn cdn = Cdns.cdn(c.cdn());
    double kbps = Cdns.bandwidthKbps(cdn, epochSecond);
    double mine = Math.floor(kbps * c.share());
    return new double[] {mine, Math.floor(mine / 2500)};
  }

  private static void alert(HttpExchange ex, int code, String text) throws IOException {
    StringBuilder json = new StringBuilder("{\"alerts\":[{\"text\":");
    SimHttp.jsonString(json, text).append(",\"level\":\"error\"}]}");
    SimHttp.send(ex, code, "application/json", json.toString());
  }
}
