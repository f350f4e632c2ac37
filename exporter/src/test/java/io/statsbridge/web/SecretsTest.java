package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.poll.RetryPolicy;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Upstreams;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxies and gateways echo the request in their error bodies. Whatever an upstream echoes, no
 * configured secret, and no secret obtained at run time (a session cookie), reaches a log line, the
 * landing page or /metrics: not whole, not JSON-escaped, not cut short.
 */
class SecretsTest {
  static final String DD_API_KEY = "dd-api-0123456789abcdef";
  static final String DD_APP_KEY = "dd-app-fedcba9876543210";
  static final String TO_PASSWORD = "to-pass\"word-with-quote";
  static final String TO_USER = "svc-prometheus-statsbridge";
  static final String DT_TOKEN = "dt0c01.ABCDEFGHIJKLMNOP.secretpart";
  static final List<String> SECRETS =
      List.of(DD_API_KEY, DD_APP_KEY, TO_USER, TO_PASSWORD, "to-pass\\\"word-with-quote", DT_TOKEN);

  /** A Traffic Ops session as Mojolicious signs it, and the JWT Traffic Ops 4+ adds. */
  static final String MOJOLICIOUS =
      "eyJhdXRoX2RhdGEiOiJzdmMtcHJvbWV0aGV1cyIsImV4cGlyZXMiOjE3MDAwMDAwMDB9--7f3a9c0e1b2d4f6a8c0e";

  static final String ACCESS_TOKEN =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VybmFtZSI6InN2YyJ9.Tm90QVJlYWxTaWduYXR1cmU";

  static final Map<String, String> ENV =
      Map.of(
          "DD_API_KEY", DD_API_KEY,
          "DD_APP_KEY", DD_APP_KEY,
          "TO_USER", TO_USER,
          "TO_PASSWORD", TO_PASSWORD,
          "DT_TOKEN", DT_TOKEN);

  /** Answers 400 and 401 in turn, each with the whole request: line, headers and body. */
  private static MockResponse echo(RecordedRequest request, AtomicInteger n) {
    String body =
        "proxy error; you sent: "
            + (request.getBody() == null ? "" : request.getBody().utf8())
            + "\n"
            + raw(request.getHeaders())
            + "\n"
            + request.getMethod()
            + " "
            + request.getUrl();
    return new MockResponse.Builder()
        .code(n.getAndIncrement() % 2 == 0 ? 400 : 401)
        .setHeader("Content-Type", "text/plain")
        .body(body)
        .build();
  }

  /** Every header as sent; OkHttp's own toString would hide Authorization, an echo does not. */
  private static String raw(okhttp3.Headers headers) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      out.append(headers.name(i)).append(": ").append(headers.value(i)).append('\n');
    }
    return out.toString();
  }

  private static String config(String type, String url) {
    return switch (type) {
      case "datadog" ->
          """
          sources:
            s: {type: datadog, granularity: 1s, base_url: "%s", api_key: "${DD_API_KEY}", app_key: "${DD_APP_KEY}"}
          queries:
            - {name: q, source: s, group_by: [client_service], interval: 1m, delay: 0s}
          """
              .formatted(url);
      case "traffic_ops" ->
          """
          sources:
            s: {type: traffic_ops, url: "%s", username: "${TO_USER}", password: "${TO_PASSWORD}"}
          queries:
            - {name: q, source: s, cdns: [cdn1], interval: 1m}
          """
              .formatted(url);
      default ->
          """
          sources:
            s: {type: dynatrace, url: "%s", api_token: "${DT_TOKEN}"}
          queries:
            - {name: q, source: s, metric_selector: "builtin:host.cpu.usage", interval: 1m}
          """
              .formatted(url);
    };
  }

  /** Everything a person sees of the exporter: its log, the query's error, the page, /metrics. */
  private static String shown(App app, LogCapture logs) {
    String base = "http://127.0.0.1:" + app.port();
    return String.join(
        "\n",
        logs.text(),
        app.statuses().get(0).lastError(),
        Http.get(base + "/").body(),
        Http.get(base + "/metrics").body());
  }

  private static void assertNoneShown(List<String> secrets, String type, String shown) {
    for (String secret : secrets) {
      assertFalse(shown.contains(secret), type + " leaked a secret:\n" + shown);
      assertFalse(shown.contains(secret.substring(0, 10)), type + " leaked a prefix:\n" + shown);
    }
    assertTrue(shown.contains("<secret>"), "the echo was masked, not dropped:\n" + shown);
  }

  private static App start(String yaml, Options.Builder options) throws Exception {
    return App.start(
        () -> Providers.loaders().create(ENV::get).parse("s.yml", yaml), options.build());
  }

  private static Options.Builder loopback() {
    return Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .unscheduled();
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "traffic_ops", "dynatrace"})
  void anUpstreamEchoingTheRequestShowsNoSecret(String type) throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (MockWebServer upstream = Upstreams.answering(r -> echo(r, n));
        LogCapture logs = new LogCapture()) {
      try (App app = start(config(type, upstream.url("/").toString()), loopback())) {
        app.pollAllNow();
        app.pollAllNow();
        QueryStatus status = app.statuses().get(0);
        assertTrue(upstream.getRequestCount() >= 2, "the upstream was asked");
        assertTrue(status.lastError().contains("you sent"), status.lastError());
        assertNoneShown(SECRETS, type, shown(app, logs));
        assertEquals(2, status.polls(Outcome.ERROR));
      }
    }
  }

  /**
   * A gateway that answers 500 with the request it got, credential headers first (as an
   * "unauthorized upstream call" page does), then the rest of the headers and the body. Traffic
   * Ops' login gets through and sets its session cookies, so the next request carries them.
   */
  private static MockResponse echo500(RecordedRequest request, int maxAge) {
    if (request.getUrl().encodedPath().endsWith("/user/login")) {
      String attributes = "; Path=/; Max-Age=" + maxAge + "; HttpOnly";
      return new MockResponse.Builder()
          .addHeader("Set-Cookie", "mojolicious=" + MOJOLICIOUS + attributes)
          .addHeader("Set-Cookie", "access_token=" + ACCESS_TOKEN + attributes)
          .body("{\"alerts\":[{\"text\":\"Successfully logged in.\",\"level\":\"success\"}]}")
          .build();
    }
    okhttp3.Headers headers = request.getHeaders();
    StringBuilder sent = new StringBuilder("upstream call failed; request was: ");
    for (String name : List.of("Cookie", "Authorization", "DD-API-KEY", "DD-APPLICATION-KEY")) {
      if (headers.get(name) != null) {
        sent.append(name).append(": ").append(headers.get(name)).append('\n');
      }
    }
    sent.append(raw(headers)).append(request.getBody() == null ? "" : request.getBody().utf8());
    return new MockResponse.Builder()
        .code(500)
        .setHeader("Content-Type", "text/plain")
        .body(sent.toString())
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "traffic_ops", "dynatrace"})
  void aGatewayEchoingTheRequestIn500ShowsNoObtainedOrConfiguredSecret(String type)
      throws Exception {
    try (MockWebServer upstream = Upstreams.answering(r -> echo500(r, 3600));
        LogCapture logs = new LogCapture()) {
      Options.Builder options =
          loopback().retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO), d -> {});
      try (App app = start(config(type, upstream.url("/").toString()), options)) {
        app.pollAllNow();
        app.pollAllNow();
        QueryStatus status = app.statuses().get(0);
        assertTrue(status.lastError().contains("request was"), status.lastError());
        List<String> secrets = new ArrayList<>(SECRETS);
        if (type.equals("traffic_ops")) {
          RecordedRequest login = upstream.takeRequest();
          assertTrue(login.getBody().utf8().contains(TO_USER), "the login sent the user");
          assertEquals(
              "mojolicious=" + MOJOLICIOUS + "; access_token=" + ACCESS_TOKEN,
              upstream.takeRequest().getHeaders().get("Cookie"),
              "the next request carried the session");
          secrets.addAll(List.of(MOJOLICIOUS, ACCESS_TOKEN));
        }
        String shown = shown(app, logs);
        assertNoneShown(secrets, type, shown);
        if (type.equals("traffic_ops")) {
          assertTrue(
              shown.contains("Cookie: mojolicious=<secret>; access_token=<secret>"),
              "both cookies masked whole:\n" + shown);
        }
        assertEquals(2, status.polls(Outcome.ERROR));
        assertEquals(4, upstream.getRequestCount() - (type.equals("traffic_ops") ? 1 : 0));
      }
    }
  }

  @Test
  void aSessionCookieLeavesTheRedactorWhenItsMaxAgeIsOver() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
    LiveRedactor redactor = new LiveRedactor(clock);
    try (MockWebServer upstream = Upstreams.answering(r -> echo500(r, 600))) {
      Options.Builder options =
          loopback()
              .clock(clock)
              .redactor(redactor)
              .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO), d -> {});
      try (App app = start(config("traffic_ops", upstream.url("/").toString()), options)) {
        app.pollAllNow();
        assertTrue(app.statuses().get(0).lastError().contains("mojolicious=<secret>"));
        clock.advance(Duration.ofSeconds(599));
        assertEquals("<secret> <secret>", redactor.apply(MOJOLICIOUS + " " + ACCESS_TOKEN));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(
            MOJOLICIOUS + " " + ACCESS_TOKEN + " <secret>",
            redactor.apply(MOJOLICIOUS + " " + ACCESS_TOKEN + " " + TO_PASSWORD),
            "the expired session left; the configured password stays");
      }
    }
  }
}
