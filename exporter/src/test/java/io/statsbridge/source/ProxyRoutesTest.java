package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.log.LiveRedactor;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Sources;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Which proxy a request takes, without a proxy running. */
class ProxyRoutesTest {
  static final Window WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));

  private static ProxyRoutes fromEnvironment(Map<String, String> env) {
    ProxySettings settings = new ProxySettings(Optional.empty(), NoProxy.NONE, true, Map.of());
    return ProxyRoutes.of(settings, env::get);
  }

  @Test
  void theEnvironmentGivesEachSchemeItsProxyAndNoProxyTheExceptions() {
    ProxyRoutes routes =
        fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "https-proxy.corp:3128",
                "https_proxy", "ignored:1",
                "http_proxy", "http://http-proxy.corp",
                "NO_PROXY", "",
                "no_proxy", ".internal"));
    assertEquals(
        "https-proxy.corp:3128",
        routes.route("https", "api.datadoghq.eu", 443).orElseThrow().address());
    assertEquals(
        "http-proxy.corp:80", routes.route("http", "lab.example", 80).orElseThrow().address());
    assertEquals(Optional.empty(), routes.route("https", "to.internal", 443));
  }

  @Test
  void anEmptyEnvironmentMeansDirect() {
    ProxyRoutes routes = fromEnvironment(Map.of("HTTPS_PROXY", " "));
    assertEquals(Optional.empty(), routes.route("https", "api.datadoghq.eu", 443));
    OkHttpClient shared = new OkHttpClient();
    assertEquals(shared, routes.client(shared));
  }

  /** A proxy that cannot be reached fails the poll: the request never goes around it. */
  @Test
  void anUnreachableProxyFailsThePollAndNothingGoesDirect() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      Clock clock = Clock.systemUTC();
      SourceQuery q =
          Sources.firstQuery(
              """
              sources:
                dd: {type: datadog, base_url: "%s", api_key: key1, app_key: key2, proxy_url: "http://127.0.0.1:%d"}
              queries: [{name: q, source: dd}]
              """
                  .formatted(upstream.url("/"), closed),
              Map.of(),
              new SourceContext(new OkHttpClient(), clock, new LiveRedactor(clock), k -> null));
      SourceException e =
          assertThrows(
              SourceException.class,
              () -> q.fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5))));
      assertEquals(SourceException.Kind.TRANSIENT, e.kind());
      assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
      assertEquals(0, upstream.getRequestCount());
    }
  }
}
