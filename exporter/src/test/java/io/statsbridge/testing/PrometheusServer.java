package io.statsbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's real Prometheus, started on a loopback port for one test. */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String url;
  private final Path log;

  private PrometheusServer(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** Starts Prometheus with {@code config} (prometheus.yml text) and waits until it is ready. */
  public static PrometheusServer start(Path binary, Path dir, String config) throws Exception {
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    return Processes.onFreePort(port -> start(binary, dir, configFile, port));
  }

  private static PrometheusServer start(Path binary, Path dir, Path configFile, int port)
      throws Exception {
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(p, "http://127.0.0.1:" + port, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        String text = Files.readString(log);
        if (Processes.bindFailed(text)) {
          throw new Processes.PortTaken("prometheus");
        }
        throw new AssertionError("prometheus exited: " + text);
      }
      try {
        if (Http.get(url + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready in 30s: " + Files.readString(log));
  }

  public String url() {
    return url;
  }

  /** An instant query; returns {@code data.result}. */
  public JsonNode query(String promql) throws IOException {
    return query(promql, null);
  }

  public JsonNode query(String promql, String time) throws IOException {
    String q = url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    if (time != null) {
      q += "&time=" + time;
    }
    HttpResponse<String> r = Http.get(q);
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError("query " + promql + " failed: " + r.body());
    }
    return body.path("data").path("result");
  }

  /** Values of {@code label} on series matching {@code selector}, sorted. */
  public List<String> labelValues(String label, String selector) throws IOException {
    String q = url + "/api/v1/label/" + label + "/values";
    if (selector != null) {
      q += "?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
    }
    HttpResponse<String> r = Http.get(q);
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200) {
      throw new AssertionError("label values of " + label + " failed: " + r.body());
    }
    List<String> out = new java.util.ArrayList<>();
    body.path("data").forEach(v -> out.add(v.asText()));
    java.util.Collections.sort(out);
    return out;
  }

  public List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
