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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic Ops' {@code /api/{3.0–5.x}/}: {@code user/login} (checks the credentials, sets a {@code
 * mojolicious} cookie that expires after its Max-Age), {@code cache_stats} (Traffic Stats'
 * minute-stamped points selected strictly between {@code startDate} and {@code endDate}, the series
 * grouped by {@code interval}, nanosecond times with {@code timestamp=unix}, an occasional minute
 * without a point, a zero summary and no series when nothing matches; see {@link TrafficStats}) and
 * {@code caches/stats} (with its aggregate {@code ALL} rows per cache group and in total).
 */
public final class TrafficOpsSimulator implements HttpHandler {
  public static final String USER = "demo";
  public static final String PASSWORD = "demo-password";
  static final List<String> VERSIONS = List.of("3.0", "3.1", "4.0", "4.1", "5.0");
  private static final Pattern PATH = Pattern.compile("/api/([0-9.]+)/(.+)");

  /** TrafficStatsDurationPattern (lib/go-tc/traffic_stats.go). */
  private static final Pattern DURATION = Pattern.compile("\\d+[mhdw]");

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
            case "caches/stats" -> CachesStats.body(clock.instant().getEpochSecond());
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
    // In the order Traffic Ops checks them (trafficstats/util.go, then cache.go), with its texts.
    OptionalLong start = time(q.get("startDate"));
    OptionalLong end = time(q.get("endDate"));
    String interval = q.getOrDefault("interval", "1m");
    String exclude = q.getOrDefault("exclude", "");
    String type = q.getOrDefault("metricType", "");
    Cdns.Cdn cdn = Cdns.cdn(q.getOrDefault("cdnName", ""));
    String problem = null;
    if (start.isEmpty()) {
      problem = "Invalid startDate!";
    } else if (end.isEmpty()) {
      problem = "Invalid endDate!";
    } else if (!DURATION.matcher(interval).matches()) {
      problem =
          "interval: must be a valid InfluxQL duration literal (resolution no less than minute)";
    } else if (!List.of("", "series", "summary").contains(exclude)) {
      problem = "Invalid exclude! Must be 'series' or 'summary'";
    } else if (!List.of("bandwidth", "connections", "maxkbps").contains(type)) {
      problem = "Unknown metric type: " + type;
    }
    if (problem != null) {
      alert(ex, 400, problem);
      return null;
    }
    if (cdn == null) {
      alert(ex, 404, "no such CDN: " + q.getOrDefault("cdnName", ""));
      return null;
    }
    boolean unix =
        String.valueOf(ex.getRequestHeaders().getFirst("Accept")).contains("timestamp=unix");
    List<TrafficStats.Point> points =
        TrafficStats.points(cdn, type, start.getAsLong(), end.getAsLong(), gaps);
    List<TrafficStats.Bucket> series =
        TrafficStats.series(points, start.getAsLong(), end.getAsLong(), seconds(interval));
    StringBuilder json = new StringBuilder("{\"response\":{");
    if (!series.isEmpty() && !exclude.equals("series")) {
      json.append("\"series\":{\"columns\":[\"time\",\"sum_count\"],\"count\":")
          .append(series.size());
      json.append(",\"name\":\"").append(type).append(".cdn.1min\",\"tags\":{\"cdn\":");
      SimHttp.jsonString(json, cdn.name()).append("},\"values\":[");
      for (int i = 0; i < series.size(); i++) {
        TrafficStats.Bucket b = series.get(i);
        json.append(i > 0 ? "," : "").append('[');
        if (unix) {
          json.append(b.time());
        } else {
          // Go's time.RFC3339: whole seconds.
          json.append('"')
              .append(Instant.ofEpochSecond(b.time() / TrafficStats.SECOND))
              .append('"');
        }
        GoJson.numberOrNull(json.append(','), b.value()).append(']');
      }
      json.append("]}");
    }
    if (!exclude.equals("summary")) {
      json.append(json.charAt(json.length() - 1) == '{' ? "" : ",");
      json.append("\"summary\":");
      summary(json, TrafficStats.summary(points));
    }
    return json.append("}}").toString();
  }

  /**
   * Traffic Ops' parseTime: RFC 3339 with or without sub-seconds, else epoch nanoseconds (its third
   * form, the {@code lastUpdated} layout, is not simulated).
   */
  static OptionalLong time(String raw) {
    if (raw == null) {
      return OptionalLong.empty();
    }
    try {
      Instant t = Instant.parse(raw);
      return OptionalLong.of(t.getEpochSecond() * TrafficStats.SECOND + t.getNano());
    } catch (DateTimeParseException e) {
      try {
        return OptionalLong.of(Long.parseLong(raw));
      } catch (NumberFormatException notNanos) {
        return OptionalLong.empty();
      }
    }
  }

  /** An InfluxQL duration of {@link #DURATION} in seconds (DurationLiteralToSeconds). */
  static long seconds(String duration) {
    long n = Long.parseLong(duration.substring(0, duration.length() - 1));
    return n
        * switch (duration.charAt(duration.length() - 1)) {
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86_400;
          default -> 604_800;
        };
  }

  /** Traffic Ops' summary object, in its field order. */
  static void summary(StringBuilder json, TrafficStats.Summary s) {
    GoJson.number(json.append("{\"average\":"), s.average());
    json.append(",\"count\":").append(s.count());
    GoJson.number(json.append(",\"fifthPercentile\":"), s.fifthPercentile());
    GoJson.number(json.append(",\"max\":"), s.max());
    GoJson.number(json.append(",\"min\":"), s.min());
    GoJson.number(json.append(",\"ninetyEighthPercentile\":"), s.ninetyEighthPercentile());
    GoJson.number(json.append(",\"ninetyFifthPercentile\":"), s.ninetyFifthPercentile());
    json.append('}');
  }

  private static void alert(HttpExchange ex, int code, String text) throws IOException {
    StringBuilder json = new StringBuilder("{\"alerts\":[{\"text\":");
    SimHttp.jsonString(json, text).append(",\"level\":\"error\"}]}");
    SimHttp.send(ex, code, "application/json", json.toString());
  }
}
