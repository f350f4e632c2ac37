package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.Upstreams;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxies and gateways echo the request in their error bodies. Whatever an upstream echoes, no
 * configured secret reaches a log line, the landing page or /metrics: not whole, not JSON-escaped,
 * not cut short.
 */
class SecretsTest {
  static final String DD_API_KEY = "dd-api-0123456789abcdef";
  static final String DD_APP_KEY = "dd-app-fedcba9876543210";
  static final String TO_PASSWORD = "to-pass\"word-with-quote";
  static final String DT_TOKEN = "dt0c01.ABCDEFGHIJKLMNOP.secretpart";
  static final List<String> SECRETS =
      List.of(DD_API_KEY, DD_APP_KEY, TO_PASSWORD, "to-pass\\\"word-with-quote", DT_TOKEN);

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
            s: {type: traffic_ops, url: "%s", username: ops, password: "${TO_PASSWORD}"}
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

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "traffic_ops", "dynatrace"})
  void anUpstreamEchoingTheRequestShowsNoSecret(String type) throws Exception {
    AtomicInteger n = new AtomicInteger();
    Map<String, String> env =
        Map.of(
            "DD_API_KEY", DD_API_KEY,
            "DD_APP_KEY", DD_APP_KEY,
            "TO_PASSWORD", TO_PASSWORD,
            "DT_TOKEN", DT_TOKEN);
    try (MockWebServer upstream = Upstreams.answering(r -> echo(r, n));
        LogCapture logs = new LogCapture()) {
      String yaml = config(type, upstream.url("/").toString());
      try (App app =
          App.start(
              () -> Providers.loaders().create(env::get).parse("s.yml", yaml),
              Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                  .unscheduled()
                  .build())) {
        app.pollAllNow();
        app.pollAllNow();
        QueryStatus status = app.statuses().get(0);
        assertTrue(upstream.getRequestCount() >= 2, "the upstream was asked");
        assertTrue(status.lastError().contains("you sent"), status.lastError());
        String base = "http://127.0.0.1:" + app.port();
        String shown =
            String.join(
                "\n",
                logs.text(),
                status.lastError(),
                Http.get(base + "/").body(),
                Http.get(base + "/metrics").body());
        for (String secret : SECRETS) {
          assertFalse(shown.contains(secret), type + " leaked a secret:\n" + shown);
          assertFalse(
              shown.contains(secret.substring(0, 10)), type + " leaked a prefix:\n" + shown);
        }
        assertTrue(shown.contains("<secret>"), "the echo was masked, not dropped:\n" + shown);
        assertEquals(2, status.polls(Outcome.ERROR));
      }
    }
  }
}
