package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.ConfigSource;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.GzipMember;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's HTTP surface, with the exporter polling the simulator over real HTTP. */
class ExporterHttpTest {
  static final String API_KEY = "sim-api-key-secret";

  @TempDir Path dir;
  private Simulator simulator;
  private App app;
  private Path configFile;
  private String base;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:10Z"));
  private final AtomicReference<String> apiKey = new AtomicReference<>(Simulator.DEMO_API_KEY);

  private String config(String queryName) {
    return """
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "${SIM_KEY}", app_key: "%s"}
        queries:
          - name: %s
            source: sim
            group_by: [client_service, server_service]
            interval: 1m
            delay: 0s
            new_series_delay: 0s
            limit: 10
        """
        .formatted(simulator.url(), Simulator.DEMO_APP_KEY, queryName);
  }

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(10, 12), Clock.systemUTC());
    configFile = dir.resolve("statsbridge.yml");
    Files.writeString(configFile, config("svc.all"));
    ConfigLoader.Factory loaders = Providers.loaders();
    ConfigSource configs =
        () -> loaders.create(Map.of("SIM_KEY", apiKey.get())::get).load(configFile);
    app =
        App.start(
            configs,
            Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .clock(clock)
                .unscheduled()
                .lifecycle(true)
                .build());
    base = "http://127.0.0.1:" + app.port();
    app.pollAllNow();
  }

  @AfterEach
  void stop() {
    app.close();
    simulator.close();
  }

  /** The text of a body that must be one gzip member, as most HTTP clients read only one. */
  private static String gunzip(byte[] body) {
    return new String(GzipMember.inflate(body), StandardCharsets.UTF_8);
  }

  @Test
  void servesTextFormatWithEveryFamilyOnceAndItsSamplesTogether() {
    HttpResponse<String> r = Http.get(base + "/metrics");
    assertEquals(200, r.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        r.headers().firstValue("Content-Type").orElse(""));
    String body = r.body();
    assertTrue(body.contains("# TYPE datadog_cnm_bytes_sent_by_client_total counter\n"), body);
    assertTrue(
        body.contains("datadog_cnm_bytes_sent_by_client_total{query=\"svc.all\",client_service="),
        body);
    assertTrue(body.contains("# TYPE datadog_cnm_rtt_seconds gauge\n"));
    assertTrue(body.contains("statsbridge_up{query=\"svc.all\"} 1\n"), body);
    assertTrue(body.contains("statsbridge_rows{query=\"svc.all\"} 10\n"), body);
    assertTrue(body.contains("statsbridge_query_truncated{query=\"svc.all\"} 1\n"), body);
    assertTrue(body.contains("statsbridge_upstream_ratelimit_remaining{source=\"sim\"}"), body);
    assertTrue(body.contains("statsbridge_build_info{"), body);
    assertTrue(body.contains("statsbridge_shard_info{index=\"0\",count=\"1\"} 1\n"), body);
    assertTrue(body.contains("jvm_memory_bytes_used{"), body);
    assertTrue(body.contains("caffeine_cache_hit_total{cache=\"statsbridge_results\"}"), body);
    assertFalse(body.contains(API_KEY));
    assertFalse(body.contains(Simulator.DEMO_APP_KEY));
  }

  @Test
  void negotiatesOpenMetricsAndEndsWithEof() {
    HttpResponse<String> r =
        Http.get(
            base + "/metrics",
            "Accept",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertTrue(
        r.headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/openmetrics-text; version=1.0.0"));
    assertTrue(r.body().contains("# TYPE datadog_cnm_bytes_sent_by_client counter\n"), r.body());
    assertTrue(r.body().endsWith("# EOF\n"));
    assertEquals(1, r.body().split("# EOF", -1).length - 1);
  }

  @Test
  void selfMetricsAreSpelledAsTheDataIsInBothFormats() {
    String text = Http.get(base + "/metrics").body();
    String om = Http.get(base + "/metrics", "Accept", "application/openmetrics-text").body();
    for (String body : List.of(text, om)) {
      List<String> samples = body.lines().filter(l -> !l.startsWith("#")).toList();
      assertEquals(List.of(), samples.stream().filter(l -> l.contains(",}")).toList());
      assertEquals(List.of(), samples.stream().filter(l -> l.matches(".* -?\\d+\\.0")).toList());
    }
    assertTrue(text.contains("# TYPE statsbridge_polls_total counter\n"), text);
    assertTrue(om.contains("# TYPE statsbridge_polls counter\n"), om);
    assertFalse(text.contains("_created"), "the text format has no _created");
  }

  @Test
  void gzipBodyIsOneMemberThatDecodesToTheSameText() {
    for (String query :
        List.of("", "?name[]=datadog_cnm_rtt_seconds", "?name[]=statsbridge_up", "?name[]=none")) {
      HttpResponse<byte[]> zipped =
          Http.getBytes(base + "/metrics" + query, "Accept-Encoding", "gzip");
      assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
      assertEquals(
          zipped.body().length,
          Long.parseLong(zipped.headers().firstValue("Content-Length").orElse("-1")));
      String plain = withoutSelfMetrics(Http.get(base + "/metrics" + query).body());
      assertEquals(plain, withoutSelfMetrics(gunzip(zipped.body())), query);
    }
  }

  /** The text without the lines that change from one scrape to the next. */
  private static String withoutSelfMetrics(String text) {
    return text.lines()
        .filter(l -> !l.startsWith("jvm_") && !l.startsWith("process_"))
        .filter(l -> !l.startsWith("caffeine_") && !l.contains("_seconds"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void nameFilterSelectsFamilies() {
    String body =
        Http.get(base + "/metrics?name[]=datadog_cnm_tcp_refusals_total&name[]=statsbridge_up")
            .body();
    assertTrue(body.contains("datadog_cnm_tcp_refusals_total{"));
    assertTrue(body.contains("statsbridge_up{"));
    assertFalse(body.contains("datadog_cnm_rtt_seconds"));
    assertFalse(body.contains("jvm_"));
  }

  /** Reloads the exporter onto {@code big}'s 400 rows, and polls it. */
  private void pollInstead(Simulator big) throws IOException {
    Files.writeString(
        configFile,
        config("svc.all").replace(simulator.url(), big.url()).replace("limit: 10", "limit: 400"));
    assertEquals(200, Http.post(base + "/-/reload").statusCode());
    app.pollAllNow();
  }

  @Test
  void responsesAreNotHeldBackByNagle() throws Exception {
    // A body written in more than one write ends in a short segment; with Nagle's algorithm on,
    // that segment waits for the client's delayed ACK (about 40 ms on Linux) on every response.
    try (Simulator big = Simulator.start(Traffic.of(88, 400), Clock.systemUTC())) {
      pollInstead(big);
      String body = Http.get(base + "/metrics").body();
      assertTrue(
          body.length() > 2 * BodyWriter.WRITE, "a body of several writes: " + body.length());
      long[] ms = new long[31];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        assertEquals(200, Http.get(base + "/metrics").statusCode());
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      java.util.Arrays.sort(ms);
      assertTrue(ms[ms.length / 2] < 25, "median scrape " + ms[ms.length / 2] + " ms: held back?");
    }
  }

  @Test
  void statsbridgeSeriesCountsEachFamilysSamplesOfTheQuery() {
    String body = Http.get(base + "/metrics").body();
    java.util.Map<String, Long> exposed =
        body.lines()
            .filter(l -> l.contains("{query=\"svc.all\"") && !l.startsWith("statsbridge_"))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    l -> l.substring(0, l.indexOf('{')), java.util.stream.Collectors.counting()));
    java.util.Map<String, Long> counted =
        body.lines()
            .filter(l -> l.startsWith("statsbridge_series{query=\"svc.all\","))
            .collect(
                java.util.stream.Collectors.toMap(
                    l -> l.replaceAll(".*family=\"([^\"]+)\".*", "$1"),
                    l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
    assertEquals(17, exposed.size(), body);
    assertEquals(exposed, counted);
  }

  @Test
  void healthReadinessAndLandingPage() {
    assertEquals(200, Http.get(base + "/-/healthy").statusCode());
    assertEquals(200, Http.get(base + "/-/ready").statusCode());
    HttpResponse<String> page = Http.get(base + "/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<td>svc.all</td>"), page.body());
    assertTrue(page.body().contains("success"));
    assertFalse(page.body().contains(API_KEY));
    assertEquals(404, Http.get(base + "/nope").statusCode());
  }

  @Test
  void reloadAppliesAGoodConfigAndKeepsTheOldOneWhenBad() throws Exception {
    assertEquals(405, Http.get(base + "/-/reload").statusCode());
    Files.writeString(configFile, config("renamed"));
    HttpResponse<String> ok = Http.post(base + "/-/reload");
    assertEquals(200, ok.statusCode(), ok.body());
    app.pollAllNow();
    String body = Http.get(base + "/metrics").body();
    assertTrue(body.contains("query=\"renamed\""));
    assertFalse(body.contains("svc.all"));
    assertTrue(body.contains("statsbridge_config_last_reload_successful 1\n"));

    Files.writeString(configFile, config("renamed").replace("limit: 10", "limit: 9000"));
    try (LogCapture logs = new LogCapture()) {
      HttpResponse<String> bad = Http.post(base + "/-/reload");
      assertEquals(500, bad.statusCode());
      assertTrue(
          bad.body().contains("queries[0].limit: must be at most 7500 (got 9000)"), bad.body());
      assertTrue(logs.text().contains("config reload failed"), logs.text());
    }
    body = Http.get(base + "/metrics").body();
    assertTrue(body.contains("statsbridge_config_last_reload_successful 0\n"));
    assertTrue(body.contains("query=\"renamed\""), "old config keeps running");
  }

  @Test
  void upstreamErrorTextIsHtmlEscapedOnThePage() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    try (MockWebServer hostile = new MockWebServer()) {
      hostile.start();
      hostile.enqueue(
          new MockResponse.Builder()
              .code(400)
              .body("{\"errors\":[\"<script>alert('x')</script>\"]}")
              .build());
      Files.writeString(
          configFile, config("svc.all").replace(simulator.url(), hostile.url("/").toString()));
      assertEquals(200, Http.post(base + "/-/reload").statusCode());
      app.pollAllNow();
      String page = Http.get(base + "/").body();
      assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
      assertFalse(page.contains("<script>"));
    }
  }

  @Test
  void aWrongKeyIsAnErrorOnThePageWithoutTheKey() {
    apiKey.set(API_KEY);
    assertEquals(200, Http.post(base + "/-/reload").statusCode());
    clock.advance(Duration.ofMinutes(1));
    app.pollAllNow();
    String page = Http.get(base + "/").body();
    assertTrue(page.contains("HTTP 403: Forbidden: API key or application key is invalid"), page);
    assertFalse(page.contains(API_KEY));
    assertFalse(Http.get(base + "/metrics").body().contains(API_KEY));
  }

  @Test
  void scrapesStayFastWhileTheUpstreamHangs() throws Exception {
    simulator.faults().hangAll(true);
    clock.advance(Duration.ofMinutes(1));
    Thread poller = new Thread(app::pollAllNow);
    poller.start();
    Await.until("the poll to hang", Duration.ofSeconds(10), () -> simulator.faults().hanging() > 0);
    long start = System.nanoTime();
    HttpResponse<String> r = Http.get(base + "/metrics");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("datadog_cnm_bytes_sent_by_client_total"));
    assertTrue(poller.isAlive(), "the poll should still be hanging");
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "scrape waited on the upstream: " + took);
    simulator.faults().hangAll(false);
    poller.join();
  }
}
