package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.RawHttp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact paths and methods, the lifecycle flag, and reloads that never hold up other requests. */
class RoutesTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Simulator simulator;
  private App app;
  private final AtomicInteger loads = new AtomicInteger();

  /** Starts the exporter; each config load after the first takes {@code slowLoad}. */
  private String start(boolean lifecycle, Duration slowLoad) throws Exception {
    return start(lifecycle, slowLoad, List.of());
  }

  private String start(boolean lifecycle, Duration slowLoad, List<String> reloadHosts)
      throws Exception {
    simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC());
    String yaml =
        """
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries:
          - {name: q, source: sim, group_by: [client_service], interval: 1m, delay: 0s}
        """
            .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
    ConfigLoader loader = Providers.loaders().create(Map.<String, String>of()::get);
    app =
        App.start(
            () -> {
              if (loads.getAndIncrement() > 0) {
                slowly(slowLoad);
              }
              return loader.parse("routes.yml", yaml);
            },
            Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .unscheduled()
                .lifecycle(lifecycle)
                .reloadAllowedHosts(reloadHosts)
                .build());
    app.pollAllNow();
    return "http://127.0.0.1:" + app.port();
  }

  /** A config load that takes its time (a slow disk, a big file). */
  private static void slowly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private static HttpResponse<String> send(String method, String url, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onlyExactPathsAndTheirMethodsAnswer() throws Exception {
    String base = start(true, Duration.ZERO);
    for (String path : List.of("/metricsfoo", "/metrics/", "/-/reloadx", "/-/healthy/x", "/x")) {
      assertEquals(404, send("GET", base + path).statusCode(), path);
    }
    for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "PATCH")) {
      HttpResponse<String> r = send(method, base + "/metrics");
      assertEquals(405, r.statusCode(), method);
      assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method);
    }
    assertEquals(405, send("PUT", base + "/-/reload").statusCode());
    assertEquals(405, send("GET", base + "/-/reload").statusCode());
    HttpResponse<String> head = send("HEAD", base + "/metrics");
    assertEquals(200, head.statusCode());
    assertTrue(head.headers().firstValueAsLong("Content-Length").orElse(0) > 100);
    assertEquals("", head.body());
    assertEquals(200, send("GET", base + "/metrics?name[]=statsbridge_up").statusCode());
  }

  @Test
  void aMalformedQueryStringIsTheClientsMistakeNotAnError() throws Exception {
    String base = start(true, Duration.ZERO);
    try (LogCapture log = new LogCapture()) {
      for (String query : List.of("name[]=%zz", "name[]=%", "name%5b%5d=%e2%82", "%zz=1")) {
        RawHttp.Response r = RawHttp.get(app.port(), "/metrics?" + query);
        assertEquals(400, r.status(), query + ": " + r.body());
        assertTrue(r.body().startsWith("Bad query string"), r.body());
      }
      assertTrue(
          log.lines().stream()
              .noneMatch(l -> l.contains("level=error") || l.contains("level=warn")),
          "a client's mistake fills no log: " + log.lines());
    }
    assertEquals(200, send("GET", base + "/metrics?name[]=statsbridge_up").statusCode());
  }

  @Test
  void reloadNeedsTheLifecycleFlag() throws Exception {
    String base = start(false, Duration.ZERO);
    HttpResponse<String> r = send("POST", base + "/-/reload");
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("--web.enable-lifecycle"), r.body());
    assertEquals(1, loads.get(), "nothing was reloaded");
  }

  @Test
  void aCrossSiteFormPostCannotReload() throws Exception {
    String base = start(true, Duration.ZERO);
    HttpResponse<String> fromPage =
        send(
            "POST",
            base + "/-/reload",
            "Origin",
            "http://evil.example",
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertEquals(403, fromPage.statusCode());
    assertEquals(
        403, send("POST", base + "/-/reload", "Sec-Fetch-Site", "cross-site").statusCode());
    assertEquals(1, loads.get(), "nothing was reloaded");
    assertEquals(200, send("POST", base + "/-/reload").statusCode(), "curl's POST reloads");
    assertEquals(200, send("POST", base + "/-/reload", "Origin", base).statusCode());
  }

  /** The status of a {@code POST /-/reload} sent with {@code Host: host} and {@code Origin}. */
  private int reloadAs(String host, String origin) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("POST /-/reload HTTP/1.1\r\nHost: "
                      + host
                      + "\r\n"
                      + (origin == null ? "" : "Origin: " + origin + "\r\n")
                      + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  /**
   * A page on evil.example whose name was made to resolve to the exporter: the browser sends its
   * own name as Host, and an Origin of the same name, which the cross-site check took as the
   * exporter's own.
   */
  @Test
  void aDnsRebindingPageCannotReload() throws Exception {
    start(true, Duration.ZERO, List.of("statsbridge.monitoring.svc", "*.example.org"));
    int port = app.port();
    assertEquals(403, reloadAs("evil.example:" + port, "http://evil.example:" + port));
    assertEquals(403, reloadAs("evil.example", null));
    assertEquals(403, reloadAs("example.org", null), "*.example.org is below it, not it");
    assertEquals(1, loads.get(), "nothing was reloaded");
    for (String host :
        List.of(
            "localhost:" + port,
            "127.0.0.1:" + port,
            "[::1]:" + port,
            "10.0.0.5",
            "STATSBRIDGE.monitoring.svc.:" + port,
            "scrape.eu.example.org",
            ReloadHosts.machineNames().get(0))) {
      assertEquals(200, reloadAs(host, null), host);
      assertEquals(200, reloadAs(host, "http://" + host), host);
    }
  }

  @Test
  void reloadsQueueOnTheirOwnThreadWhileEverythingElseAnswers() throws Exception {
    String base = start(true, Duration.ofMillis(400));
    List<CompletableFuture<HttpResponse<String>>> reloads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reloads.add(
          CLIENT.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/-/reload"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    long worst = 0;
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      assertEquals(200, send("GET", base + "/-/healthy").statusCode());
      assertEquals(200, send("GET", base + "/metrics").statusCode());
      worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
      Thread.sleep(100);
    }
    // Eight reloads take 3.2s one after the other; other requests must not wait for them.
    assertTrue(worst < 1_000, "a request waited " + worst + " ms behind reloads");
    for (CompletableFuture<HttpResponse<String>> r : reloads) {
      assertEquals(200, r.get().statusCode());
    }
    assertEquals(9, loads.get(), "one at a time, each done");
  }
}
