package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.log.LiveRedactor;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Sources;
import io.statsbridge.testing.Tinyproxy;
import io.statsbridge.testing.Wiretap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each source type through Debian's tinyproxy on loopback, with a wiretap in front of the proxy
 * that keeps every byte the exporter sent it. The proxy wants Basic credentials; the upstream is
 * MockWebServer, over plain http (the request is handed to the proxy, which forwards it) or https
 * (a CONNECT tunnel, with the upstream's CA trusted).
 */
class ProxyThroughTinyproxyTest {
  static final String USER = "proxyuser";
  static final String PASSWORD = "proxy-pass-9f3k";
  static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  static final String DD_API_KEY = "dd-api-key-7x1c";
  static final String DD_APP_KEY = "dd-app-key-2q8v";
  static final String DT_TOKEN = "dt0c01.token-5h2m";
  static final String TO_USER = "to-operator";
  static final String TO_PASSWORD = "to-pass-8w4e";
  static final Window DATADOG_WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));
  static final Window DYNATRACE_WINDOW =
      new Window(Instant.ofEpochMilli(1534920000000L), Instant.ofEpochMilli(1534920180000L));
  static final Window TRAFFIC_OPS_WINDOW =
      new Window(Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:49:00Z"));

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private MockWebServer upstream;
  private HeldCertificate ca;
  private Path caFile;
  private Tinyproxy proxy;
  private Wiretap tap;

  @BeforeEach
  void upstream() throws Exception {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
    caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, ca.certificatePem());
    upstream = new MockWebServer();
    open.add(upstream);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private void startUpstream(boolean https) throws Exception {
    if (https) {
      HeldCertificate cert =
          new HeldCertificate.Builder()
              .signedBy(ca)
              .addSubjectAlternativeName("127.0.0.1")
              .addSubjectAlternativeName("localhost")
              .build();
      upstream.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
    }
    upstream.start();
  }

  private void startProxy(boolean withAuth) throws Exception {
    proxy =
        Tinyproxy.start(
            Tinyproxy.binary(),
            dir,
            withAuth ? Optional.of(List.of(USER, PASSWORD)) : Optional.empty(),
            List.of(upstream.getPort()));
    open.add(proxy);
    tap = Wiretap.before(proxy.port());
    open.add(tap);
  }

  private String proxyUrl() {
    return "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + tap.port();
  }

  private String upstreamUrl(String host, String path) {
    return upstream.url(path).newBuilder().host(host).build().toString();
  }

  /** The exporter's shared client as in production, plus trust in the test CA. */
  private OkHttpClient sharedTrustingCa() {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .followRedirects(false)
        .build();
  }

  private SourceContext context(Map<String, String> env) {
    Clock clock = Clock.systemUTC();
    return new SourceContext(sharedTrustingCa(), clock, new LiveRedactor(clock), env::get);
  }

  private SourceQuery datadog(String extra, Map<String, String> env) throws Exception {
    upstream.enqueue(json(Fixtures.read("datadog-200-documented-example.json")));
    return Sources.firstQuery(
        """
        sources:
          dd: {type: datadog, base_url: "%s", api_key: %s, app_key: %s%s}
        queries: [{name: q, source: dd}]
        """
            .formatted(upstreamUrl("127.0.0.1", "/"), DD_API_KEY, DD_APP_KEY, extra),
        Map.of(),
        context(env));
  }

  private SourceQuery dynatrace(String extra) throws Exception {
    upstream.enqueue(json(Fixtures.read("dynatrace-v1-timeseries-response.json")));
    return Sources.firstQuery(
        """
        sources:
          dt: {type: dynatrace, url: "%s", api_token: %s%s}
        queries:
          - {name: apps, source: dt, timeseries_id: "com.dynatrace.builtin:app.actionspersession"}
        """
            .formatted(upstreamUrl("127.0.0.1", "/e/abc123"), DT_TOKEN, extra),
        Map.of(),
        context(Map.of()));
  }

  private SourceQuery trafficOps(String host, String extra) throws Exception {
    upstream.enqueue(
        new MockResponse.Builder()
            .addHeader("Set-Cookie", "mojolicious=to-cookie-3n7d; Max-Age=3600")
            .body(Fixtures.read("trafficops-login-response.json"))
            .build());
    upstream.enqueue(json("{\"response\":{}}"));
    return Sources.firstQuery(
        """
        sources:
          cdn: {type: traffic_ops, url: "%s", username: %s, password: %s, tls: {ca_file: "%s"}%s}
        queries: [{name: q, source: cdn, cdns: [a], metric_types: [bandwidth]}]
        """
            .formatted(upstreamUrl(host, "/"), TO_USER, TO_PASSWORD, caFile, extra),
        Map.of(),
        context(Map.of()));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static Deadline deadline() {
    return Deadlines.within(Duration.ofSeconds(20));
  }

  /** Forwarded by the proxy: it added Via; the proxy's credentials stayed with the proxy. */
  private static void assertForwarded(RecordedRequest r) {
    assertTrue(
        String.valueOf(r.getHeaders().get("Via")).contains("tinyproxy"),
        "no Via from tinyproxy: " + r.getHeaders());
    assertNull(r.getHeaders().get("Proxy-Authorization"), r.getHeaders().toString());
  }

  private void assertProxyGotCredentialsWith(String requestLine) throws Exception {
    String sent = tap.sent();
    assertTrue(sent.contains(requestLine), sent);
    assertTrue(sent.contains("Proxy-Authorization: " + BASIC), sent);
    assertTrue(proxy.requests().stream().anyMatch(l -> l.startsWith(requestLine)), proxy.log());
  }

  @Test
  void datadogOverHttpIsForwardedAndTheProxyCredentialsStopAtTheProxy() throws Exception {
    startUpstream(false);
    startProxy(true);
    datadog(", proxy_url: \"" + proxyUrl() + "\"", Map.of()).fetch(DATADOG_WINDOW, deadline());

    RecordedRequest r = upstream.takeRequest();
    assertForwarded(r);
    assertEquals(DD_API_KEY, r.getHeaders().get("DD-API-KEY"));
    assertProxyGotCredentialsWith(
        "GET http://127.0.0.1:" + upstream.getPort() + "/api/v2/network/connections/aggregate");
  }

  @Test
  void dynatraceOverHttpIsForwardedWithItsBody() throws Exception {
    startUpstream(false);
    startProxy(true);
    dynatrace(", proxy_url: \"" + proxyUrl() + "\"").fetch(DYNATRACE_WINDOW, deadline());

    RecordedRequest r = upstream.takeRequest();
    assertForwarded(r);
    assertEquals("Api-Token " + DT_TOKEN, r.getHeaders().get("Authorization"));
    assertTrue(r.getBody().utf8().contains("startTimestamp"), r.getBody().utf8());
    assertProxyGotCredentialsWith(
        "POST http://127.0.0.1:"
            + upstream.getPort()
            + "/e/abc123/api/v1/timeseries/com.dynatrace.builtin:app.actionspersession");
  }

  @Test
  void trafficOpsOverHttpsIsTunnelledSoTheProxySeesNoCredentialOfTheUpstream() throws Exception {
    startUpstream(true);
    startProxy(true);
    trafficOps("127.0.0.1", ", proxy_url: \"" + proxyUrl() + "\"")
        .fetch(TRAFFIC_OPS_WINDOW, deadline());

    RecordedRequest login = upstream.takeRequest();
    RecordedRequest stats = upstream.takeRequest();
    assertTrue(login.getBody().utf8().contains(TO_PASSWORD));
    assertEquals("mojolicious=to-cookie-3n7d", stats.getHeaders().get("Cookie"));
    for (RecordedRequest r : List.of(login, stats)) {
      assertNull(r.getHeaders().get("Proxy-Authorization"), r.getHeaders().toString());
      assertNull(r.getHeaders().get("Via"), "not forwarded but tunnelled");
    }
    assertProxyGotCredentialsWith("CONNECT 127.0.0.1:" + upstream.getPort() + " HTTP/1.1");
    String sent = tap.sent();
    for (String secret : List.of(TO_USER, TO_PASSWORD, "to-cookie-3n7d", "/api/")) {
      assertFalse(sent.contains(secret), secret + " reached the proxy: " + sent);
    }
  }

  @Test
  void datadogAndDynatraceOverHttpsAreTunnelledToo() throws Exception {
    startUpstream(true);
    startProxy(true);
    datadog(", proxy_url: \"" + proxyUrl() + "\"", Map.of()).fetch(DATADOG_WINDOW, deadline());
    dynatrace(", proxy_url: \"" + proxyUrl() + "\"").fetch(DYNATRACE_WINDOW, deadline());

    for (int i = 0; i < 2; i++) {
      RecordedRequest r = upstream.takeRequest();
      assertNull(r.getHeaders().get("Proxy-Authorization"), r.getHeaders().toString());
      assertNull(r.getHeaders().get("Via"), "not forwarded but tunnelled");
    }
    assertProxyGotCredentialsWith("CONNECT 127.0.0.1:" + upstream.getPort() + " HTTP/1.1");
    String sent = tap.sent();
    for (String secret : List.of(DD_API_KEY, DD_APP_KEY, DT_TOKEN, "/api/")) {
      assertFalse(sent.contains(secret), secret + " reached the proxy: " + sent);
    }
  }

  @Test
  void aNoProxyHostGoesDirectWithoutTheProxyCredentials() throws Exception {
    startUpstream(true);
    startProxy(true);
    trafficOps(
            "localhost",
            ", proxy_url: \"" + proxyUrl() + "\", no_proxy: \"example.net, localhost, 10.0.0.0/8\"")
        .fetch(TRAFFIC_OPS_WINDOW, deadline());

    assertEquals(2, upstream.getRequestCount());
    for (int i = 0; i < 2; i++) {
      RecordedRequest r = upstream.takeRequest();
      assertNull(r.getHeaders().get("Proxy-Authorization"), r.getHeaders().toString());
      assertNull(r.getHeaders().get("Via"));
    }
    assertEquals("", tap.sent());
    assertEquals(List.of(), proxy.requests());
  }

  @Test
  void aHostNotInNoProxyStillTakesTheProxy() throws Exception {
    startUpstream(false);
    startProxy(true);
    datadog(", proxy_url: \"" + proxyUrl() + "\", no_proxy: \"localhost,.example.net\"", Map.of())
        .fetch(DATADOG_WINDOW, deadline());

    assertForwarded(upstream.takeRequest());
  }

  @Test
  void aProxyThatWantsCredentialsIsAConfigErrorNamingTheProxyOverHttp() throws Exception {
    startUpstream(false);
    startProxy(true);
    SourceQuery q = datadog(", proxy_url: \"http://127.0.0.1:" + tap.port() + "\"", Map.of());
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(DATADOG_WINDOW, deadline()));

    assertEquals(SourceException.Kind.ERROR, e.kind(), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "the proxy 127.0.0.1:"
                    + tap.port()
                    + " answered 407 Proxy Authentication Required: check the user:password of"
                    + " proxy_url"),
        e.getMessage());
    assertEquals(0, upstream.getRequestCount());
  }

  @Test
  void aProxyThatWantsCredentialsIsAConfigErrorNamingTheProxyOverHttps() throws Exception {
    startUpstream(true);
    startProxy(true);
    SourceQuery q = trafficOps("127.0.0.1", ", proxy_url: \"http://127.0.0.1:" + tap.port() + "\"");
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(TRAFFIC_OPS_WINDOW, deadline()));

    assertEquals(SourceException.Kind.ERROR, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("the proxy 127.0.0.1:" + tap.port() + " answered 407"));
    assertEquals(0, upstream.getRequestCount());
  }

  /** tinyproxy answers a wrong password with 401 (407 only when none is sent). */
  @Test
  void aWrongProxyPasswordFailsWithoutShowingItOrReachingTheUpstream() throws Exception {
    startUpstream(true);
    startProxy(true);
    String wrong = "http://" + USER + ":wrong-pass-0z0@127.0.0.1:" + tap.port();
    SourceQuery q = trafficOps("127.0.0.1", ", proxy_url: \"" + wrong + "\"");
    SourceException e =
        assertThrows(SourceException.class, () -> q.fetch(TRAFFIC_OPS_WINDOW, deadline()));

    assertTrue(e.getMessage().contains("CONNECT: 401"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pass-0z0"), e.getMessage());
    assertEquals(0, upstream.getRequestCount());
  }

  @Test
  void proxyFromEnvironmentTakesHttpsProxyForHttpsAndLearnsItsPassword() throws Exception {
    startUpstream(true);
    startProxy(true);
    SourceContext context =
        context(
            Map.of(
                "https_proxy", proxyUrl(),
                "HTTP_PROXY", "http://127.0.0.1:1",
                "NO_PROXY", "example.net"));
    upstream.enqueue(json(Fixtures.read("datadog-200-documented-example.json")));
    Sources.firstQuery(
            """
            sources:
              dd: {type: datadog, base_url: "%s", api_key: %s, app_key: %s, proxy_from_environment: true}
            queries: [{name: q, source: dd}]
            """
                .formatted(upstreamUrl("127.0.0.1", "/"), DD_API_KEY, DD_APP_KEY),
            Map.of(),
            context)
        .fetch(DATADOG_WINDOW, deadline());

    assertNull(upstream.takeRequest().getHeaders().get("Proxy-Authorization"));
    assertProxyGotCredentialsWith("CONNECT 127.0.0.1:" + upstream.getPort() + " HTTP/1.1");
    assertEquals("at <secret>", context.redactor().apply("at " + PASSWORD));
  }

  @Test
  void proxyFromEnvironmentHonoursNoProxy() throws Exception {
    startUpstream(false);
    startProxy(true);
    SourceQuery q =
        datadog(
            ", proxy_from_environment: true",
            Map.of("HTTP_PROXY", proxyUrl(), "no_proxy", "127.0.0.0/8"));
    q.fetch(DATADOG_WINDOW, deadline());

    assertNull(upstream.takeRequest().getHeaders().get("Via"));
    assertEquals("", tap.sent());
  }

  @Test
  void proxyConnectHeaderGoesToTheProxyOnConnectOnly() throws Exception {
    startUpstream(true);
    startProxy(true);
    String url = "http://127.0.0.1:" + tap.port();
    trafficOps(
            "127.0.0.1",
            ", proxy_url: \""
                + url
                + "\", proxy_connect_header: {Proxy-Authorization: [\""
                + BASIC
                + "\"], X-Team: [\"network-1\"]}")
        .fetch(TRAFFIC_OPS_WINDOW, deadline());

    for (int i = 0; i < 2; i++) {
      RecordedRequest r = upstream.takeRequest();
      assertNull(r.getHeaders().get("Proxy-Authorization"), r.getHeaders().toString());
      assertNull(r.getHeaders().get("X-Team"), r.getHeaders().toString());
    }
    assertProxyGotCredentialsWith("CONNECT 127.0.0.1:" + upstream.getPort() + " HTTP/1.1");
    assertTrue(tap.sent().contains("X-Team: network-1"), tap.sent());
  }
}
