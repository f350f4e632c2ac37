package io.statsbridge.bench;

import io.statsbridge.testing.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real exporter jar in its own JVM, polling the simulator in the benchmark's: its heap holds
 * nothing but statsbridge, so heap after a full GC and the process' resident memory are the
 * exporter's alone. Started on port 0 with the container image's heap flags.
 */
final class ChildExporter implements AutoCloseable {
  /** The container image's heap flags (docs/sizing.md), less the container-only ones. */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xms32m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30",
          "-XX:NewSize=16m",
          "-XX:SurvivorRatio=1",
          "-XX:+ExitOnOutOfMemoryError");

  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern SERIES = Pattern.compile("(?m)^statsbridge_series\\{[^}]*} (\\d+)");

  /** What the probe read once the first poll was done. */
  record Memory(long heapUsedBytes, long rssBytes, long peakRssBytes) {}

  private final Process process;
  private final Path dir;
  private final Path log;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private ChildExporter(Path jar, String config, List<String> flags) throws Exception {
    dir = Files.createTempDirectory("statsbridge-bench");
    Path yml = Files.writeString(dir.resolve("bench.yml"), config);
    log = dir.resolve("exporter.log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(JVM_FLAGS);
    command.addAll(flags);
    command.addAll(
        List.of(
            "-jar", jar.toString(), "--config.file=" + yml, "--web.listen-address=127.0.0.1:0"));
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    base = "http://127.0.0.1:" + Processes.listeningPort(log, process);
  }

  /**
   * Runs the jar with {@code config}, waits for its first poll to expose {@code series} Datadog
   * series, and reads its memory after two full GCs.
   */
  static Memory measure(Path jar, String config, int series) throws Exception {
    try (ChildExporter child = new ChildExporter(jar, config, List.of())) {
      child.awaitReady(series);
      child.jcmd("GC.run");
      child.jcmd("GC.run");
      Matcher used = HEAP_USED.matcher(child.jcmd("GC.heap_info"));
      if (!used.find()) {
        throw new IllegalStateException("no heap figure in jcmd GC.heap_info");
      }
      String status = Files.readString(Path.of("/proc", child.process.pid() + "", "status"));
      return new Memory(
          Long.parseLong(used.group(1)) * 1024,
          kib(status, "VmRSS") * 1024,
          kib(status, "VmHWM") * 1024);
    }
  }

  /**
   * Runs the jar with {@code config} and {@code flags} beside the image's, scraped with gzip every
   * {@code scrapeEvery} as Prometheus would, for {@code run} after its first poll; then one full GC
   * for the live heap, and G1's log of it all.
   */
  static GcLog collections(
      Path jar, String config, int series, List<String> flags, Duration run, Duration scrapeEvery)
      throws Exception {
    Path gcLog = Files.createTempFile("statsbridge-gc", ".log");
    try {
      List<String> all = new java.util.ArrayList<>(flags);
      all.add("-Xlog:gc,gc+heap=debug:file=" + gcLog + ":uptime");
      try (ChildExporter child = new ChildExporter(jar, config, all)) {
        child.awaitReady(series);
        double ready = child.uptimeSeconds();
        long end = System.nanoTime() + run.toNanos();
        while (System.nanoTime() < end) {
          child.http.send(
              HttpRequest.newBuilder(URI.create(child.base + "/metrics"))
                  .header("Accept-Encoding", "gzip")
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
          Thread.sleep(scrapeEvery.toMillis());
        }
        child.jcmd("GC.run");
        return GcLog.parse(Files.readAllLines(gcLog), ready);
      }
    } finally {
      Files.deleteIfExists(gcLog);
    }
  }

  private double uptimeSeconds() throws Exception {
    Matcher m = Pattern.compile("([\\d.,]+) s").matcher(jcmd("VM.uptime"));
    if (!m.find()) {
      throw new IllegalStateException("no uptime in jcmd VM.uptime");
    }
    return Double.parseDouble(m.group(1).replace(",", "."));
  }

  private void awaitReady(int series) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < end && process.isAlive()) {
      if (get("/-/ready").statusCode() == 200) {
        long exposed =
            SERIES
                .matcher(get("/metrics?name[]=statsbridge_series").body())
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
        if (exposed != series) {
          throw new IllegalStateException(
              "the child exposes " + exposed + " series, expected " + series + "; " + tail());
        }
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the child's first poll did not finish: " + tail());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String jcmd(String command) throws Exception {
    Processes.Result r =
        Processes.run(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                command),
            new byte[0],
            dir);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("jcmd " + command + ": " + r.output());
    }
    return r.output();
  }

  private static long kib(String status, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s+(\\d+) kB").matcher(status);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in /proc/<pid>/status");
    }
    return Long.parseLong(m.group(1));
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(log);
    Files.deleteIfExists(dir.resolve("bench.yml"));
    Files.deleteIfExists(dir);
  }
}
