package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.log.Log;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.HttpCall;
import io.statsbridge.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Traffic Ops login session of one source, shared by its queries. The cookies from {@code POST
 * /user/login} are kept in Caffeine for their Max-Age (less a margin); a 401/403 logs in again
 * once, and a second one fails the poll, so bad credentials never cause a login storm. Each cookie
 * value joins the redactor as it is received, until its Max-Age is over: an upstream that echoes
 * the request shows {@code Cookie: mojolicious=<secret>}.
 */
final class Session {
  private static final Log LOG = Log.of(Session.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String KEY = "session";
  private static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

  private record Cookie(String header, Duration ttl, Map<String, Duration> values) {}

  private final String source;
  private final TrafficOpsSettings settings;
  private final HttpCall http;
  private final Cache<String, Cookie> cookies;
  private final Clock clock;
  private final LiveRedactor redactor;

  Session(
      String source,
      TrafficOpsSettings settings,
      HttpCall http,
      Clock clock,
      LiveRedactor redactor) {
    this.source = source;
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.redactor = redactor;
    this.cookies =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfter(Expiry.writing((String key, Cookie cookie) -> cookie.ttl()))
            .build();
  }

  /**
   * GET with the session cookie, the body read by {@code reader} as it arrives; on 401/403 one new
   * login and one more try.
   */
  <T> T get(Request.Builder request, Deadline deadline, HttpCall.BodyReader<T> reader)
      throws SourceException {
    String cookie = cookie(deadline);
    try {
      return http.execute(request.header("Cookie", cookie).build(), deadline, h -> {}, reader);
    } catch (SourceException e) {
      if (e.httpStatus() != 401 && e.httpStatus() != 403) {
        throw e;
      }
      LOG.info("session rejected, logging in again", "source", source, "status", e.httpStatus());
      cookies.asMap().remove(KEY, cookies.getIfPresent(KEY));
      String fresh = login(deadline, cookie);
      try {
        return http.execute(request.header("Cookie", fresh).build(), deadline, h -> {}, reader);
      } catch (SourceException again) {
        if (again.httpStatus() == 401 || again.httpStatus() == 403) {
          throw new SourceException(
              SourceException.Kind.ERROR,
              again.getMessage() + " (still refused after logging in again; check the user's role)",
              null,
              again,
              again.httpStatus());
        }
        throw again;
      }
    }
  }

  private String cookie(Deadline deadline) throws SourceException {
    Cookie cached = cookies.getIfPresent(KEY);
    return cached != null ? cached.header() : login(deadline, null);
  }

  /** Logs in unless another thread already replaced the {@code stale} cookie. */
  private synchronized String login(Deadline deadline, String stale) throws SourceException {
    Cookie current = cookies.getIfPresent(KEY);
    if (current != null && !current.header().equals(stale)) {
      return current.header();
    }
    String body;
    try {
      body =
          JSON.writeValueAsString(
              Map.of("u", settings.username(), "p", settings.password().value()));
    } catch (JsonProcessingException e) {
      throw new SourceException(SourceException.Kind.ERROR, "cannot encode login request");
    }
    Request request =
        new Request.Builder()
            .url(settings.api("user/login"))
            .post(RequestBody.create(body, JSON_TYPE))
            .build();
    HttpCall.Reply reply;
    try {
      reply = http.execute(request, deadline, h -> {});
    } catch (SourceException e) {
      SourceException.Kind kind =
          e.httpStatus() == 401 || e.httpStatus() == 403 || e.httpStatus() == 400
              ? SourceException.Kind.ERROR
              : e.kind();
      throw new SourceException(
          kind, "login to Traffic Ops failed: " + e.getMessage(), null, e, e.httpStatus());
    }
    Cookie cookie = parse(reply.headers());
    if (cookie == null) {
      throw new SourceException(
          SourceException.Kind.ERROR, "login to Traffic Ops answered without a session cookie");
    }
    // Before anything sends them: whatever echoes them from now on shows them masked.
    cookie.values().forEach((value, age) -> redactor.obtained(value, clock.instant().plus(age)));
    cookies.put(KEY, cookie);
    LOG.debug("logged in", "source", source, "cookie_ttl", cookie.ttl());
    return cookie.header();
  }

  /**
   * All cookies of the login answer ({@code mojolicious}, {@code access_token}), the shortest
   * Max-Age, and each value with its own Max-Age (an hour when it has none).
   */
  private static Cookie parse(Headers headers) {
    List<String> setCookies = headers.values("Set-Cookie");
    StringJoiner header = new StringJoiner("; ");
    Map<String, Duration> values = new LinkedHashMap<>();
    Duration maxAge = null;
    boolean session = false;
    for (String setCookie : setCookies) {
      String[] parts = setCookie.split(";");
      String pair = parts[0].trim();
      if (!pair.contains("=")) {
        continue;
      }
      session |= pair.startsWith("mojolicious=") || pair.startsWith("access_token=");
      header.add(pair);
      Duration own = null;
      for (int i = 1; i < parts.length; i++) {
        String attribute = parts[i].trim();
        if (attribute.regionMatches(true, 0, "Max-Age=", 0, 8)) {
          try {
            Duration age = Duration.ofSeconds(Long.parseLong(attribute.substring(8).trim()));
            own = age;
            maxAge = maxAge == null || age.compareTo(maxAge) < 0 ? age : maxAge;
          } catch (NumberFormatException e) {
            // ignore a garbled attribute; the default applies
          }
        }
      }
      values.put(pair.substring(pair.indexOf('=') + 1), own == null ? DEFAULT_MAX_AGE : own);
    }
    if (!session) {
      return null;
    }
    Duration age = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    // Renew a little early, so a request never goes out with a cookie about to expire.
    Duration margin =
        age.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
            ? age.dividedBy(10)
            : Duration.ofMinutes(1);
    return new Cookie(header.toString(), age.minus(margin), values);
  }
}
