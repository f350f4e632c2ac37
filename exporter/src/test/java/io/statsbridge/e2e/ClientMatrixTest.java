package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.app.App;
import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.demo.TrafficOpsSimulator;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.PrometheusServer;
import io.statsbridge.testing.RealBinary;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics read by the HTTP clients people use, each asking for gzip the way it does by default:
 * every family must arrive, and {@code promtool check metrics} must find nothing to say about what
 * each one received. A body of several gzip members passed Prometheus and {@code gunzip} and showed
 * two lines in curl, Chromium and Python; only clients nobody here wrote can tell.
 */
class ClientMatrixTest {
  /** Chromium's flags for a closed network, as root, without a desktop. */
  private static final List<String> CHROMIUM_FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\">Metrics</a>");
  private static final Pattern PRE = Pattern.compile("(?s)<pre[^>]*>(.*)</pre>");

  @TempDir static Path dir;
  private static Simulator simulator;
  private static App app;
  private static String base;

  /** The families a plain scrape lists: what every client must see. */
  private static Set<String> families;

  @BeforeAll
  static void start() throws Exception {
    simulator = Simulator.start(Traffic.of(10, 40), Clock.systemUTC());
    simulator.trafficOps().gaps(false);
    String yaml =
        """
        defaults: {interval: 1m, delay: 0s, timeout: 10s, new_series_delay: 0s}
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
          to: {type: traffic_ops, url: "%s", username: "%s", password: "%s"}
          dt: {type: dynatrace, url: "%s", api_token: "%s"}
        queries:
          - {name: pairs, source: sim, group_by: [client_service, server_service], limit: 7500}
          - {name: cdn, source: to, cdns: [CDN-in-a-Box, cdn-east], per_cache: true}
          - {name: dt_v1, source: dt, timeseries_id: "com.dynatrace.builtin:host.cpu.idle"}
          - {name: dt_v2, source: dt, metric_selector: "builtin:service.response.time"}
        """
            .formatted(
                simulator.url(),
                Simulator.DEMO_API_KEY,
                Simulator.DEMO_APP_KEY,
                simulator.url(),
                TrafficOpsSimulator.USER,
                TrafficOpsSimulator.PASSWORD,
                simulator.url(),
                DynatraceSimulator.TOKEN);
    app = Exporters.start(yaml, Exporters.loopback(0));
    base = "http://127.0.0.1:" + app.port();
    app.pollAllNow();
    families = families(Http.get(base + "/metrics").body());
    assertTrue(families.size() > 40, "families in a plain scrape: " + families);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void curlCompressed() throws Exception {
    Path headers = dir.resolve("curl.headers");
    Path body = dir.resolve("curl.body");
    run(
        RealBinary.require("curl").toString(),
        "-sS",
        "--compressed",
        "-D",
        headers.toString(),
        "-o",
        body.toString(),
        base + "/metrics");
    assertTrue(
        Files.readString(headers).toLowerCase().contains("content-encoding: gzip"),
        "curl --compressed asked for gzip and got it");
    check("curl --compressed", Files.readString(body));
  }

  @Test
  void chromiumOnMetricsAndOnTheLandingPagesLink() throws Exception {
    check("Chromium /metrics", preText(chromium(base + "/metrics")));
    Matcher link = LINK.matcher(chromium(base + "/"));
    assertTrue(link.find(), "the landing page links to the metrics");
    String target = URI.create(base + "/").resolve(link.group(1)).toString();
    check("Chromium via the landing page's link", preText(chromium(target)));
  }

  @Test
  void pythonZlibAsOneStream() throws Exception {
    // The usual way: one decompressobj for the gzip wrapper; it stops at the end of a member.
    String script =
        """
        import sys, urllib.request, zlib
        request = urllib.request.Request(sys.argv[1], headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip", response.headers
            data = response.read()
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        text = inflater.decompress(data)
        assert not inflater.unused_data, "%d bytes after the first member" % len(inflater.unused_data)
        sys.stdout.buffer.write(text)
        """;
    check(
        "Python zlib",
        run(RealBinary.require("python3").toString(), "-c", script, base + "/metrics"));
  }

  @Test
  void pythonRequests() throws Exception {
    String script =
        """
        import sys, requests
        response = requests.get(sys.argv[1])
        assert response.headers["Content-Encoding"] == "gzip", response.headers
        sys.stdout.write(response.text)
        """;
    check("Python requests", run(debianPython(), "-c", script, base + "/metrics"));
  }

  @Test
  void javaHttpClientWithGzipInputStream() throws Exception {
    HttpResponse<byte[]> response = Http.getBytes(base + "/metrics", "Accept-Encoding", "gzip");
    assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      check("Java GZIPInputStream", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void nodeFetch() throws Exception {
    String script =
        """
        const response = await fetch(process.argv[1]);
        if (response.headers.get("content-encoding") !== "gzip") throw new Error("not gzip");
        process.stdout.write(await response.text());
        """;
    check(
        "Node fetch",
        run(
            RealBinary.require("node").toString(),
            "--input-type=module",
            "-e",
            script,
            base + "/metrics"));
  }

  @Test
  void prometheusScrapesEveryFamily() throws Exception {
    Path binary = RealBinary.require("prometheus");
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            binary,
            dir,
            """
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: statsbridge
                static_configs: [{targets: ["127.0.0.1:%d"]}]
            """
                .formatted(app.port()))) {
      Set<String> wanted = sampleNames(Http.get(base + "/metrics").body());
      Set<String> seen = new TreeSet<>();
      Await.until(
          "Prometheus to have every sample name of /metrics",
          Duration.ofSeconds(30),
          () -> {
            seen.clear();
            for (JsonNode r : names(prometheus)) {
              seen.add(r.path("metric").path("__name__").asText());
            }
            return seen.containsAll(wanted);
          });
    }
  }

  private static JsonNode names(PrometheusServer prometheus) {
    try {
      return prometheus.query("group by (__name__) ({job=\"statsbridge\"})");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every family of a plain scrape arrived, and promtool has nothing to say about the text. */
  private static void check(String client, String text) throws Exception {
    Set<String> got = families(text);
    Set<String> missing = new TreeSet<>(families);
    missing.removeAll(got);
    assertTrue(
        missing.isEmpty(),
        client
            + " received "
            + got.size()
            + " of "
            + families.size()
            + " families; missing "
            + missing);
    Processes.Result lint =
        Processes.run(
            List.of(RealBinary.require("promtool").toString(), "check", "metrics"),
            text.getBytes(StandardCharsets.UTF_8),
            dir);
    assertEquals(0, lint.exitCode(), client + ": " + lint.output());
    assertEquals("", lint.output(), client + ": promtool check metrics");
  }

  private static Set<String> families(String text) {
    return text.lines()
        .filter(l -> l.startsWith("# TYPE "))
        .map(l -> l.split(" ")[2])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> sampleNames(String text) {
    return text.lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String chromium(String url) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(RealBinary.require("chromium").toString());
    command.addAll(CHROMIUM_FLAGS);
    command.add("--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
    command.add("--dump-dom");
    command.add(url);
    return run(command.toArray(String[]::new));
  }

  /** The text of a plain-text page as Chromium shows it: inside one {@code <pre>}, escaped. */
  private static String preText(String dom) {
    Matcher pre = PRE.matcher(dom);
    assertTrue(pre.find(), "Chromium shows the text in a <pre>: " + dom.lines().limit(5).toList());
    return pre.group(1)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  /** Debian's Python, which has Debian's {@code python3-requests}. */
  private static String debianPython() {
    Path debian = Path.of("/usr/bin/python3");
    return Files.isExecutable(debian)
        ? debian.toString()
        : RealBinary.require("python3").toString();
  }

  /** Runs a client; its standard output, which must be all it printed, is what it received. */
  private static String run(String... command) throws Exception {
    Path out = Files.createTempFile(dir, "client", ".out");
    Path err = Files.createTempFile(dir, "client", ".err");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command[0] + " did not finish in 90 s");
    }
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + Files.readString(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
