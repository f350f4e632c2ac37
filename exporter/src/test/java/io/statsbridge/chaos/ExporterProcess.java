package io.statsbridge.chaos;

import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real exporter, as a user runs it: {@code java -jar statsbridge.jar}, restarted on demand. */
final class ExporterProcess implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private final int port;
  private Process process;

  ExporterProcess(Path jar, Path config, Path storage, int port, Path log) {
    this.port = port;
    this.log = log;
    this.command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            jar.toString(),
            "--config.file=" + config,
            "--storage.path=" + storage,
            "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-lifecycle");
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Starts the process and waits until it answers {@code /-/healthy}. */
  void start() throws Exception {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        if (Processes.bindFailed(tail())) {
          throw new Processes.PortTaken("the exporter");
        }
        throw new IllegalStateException("the exporter exited: " + tail());
      }
      try {
        if (Http.get(url("/-/healthy")).statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the exporter did not answer in 60s: " + tail());
  }

  /** {@code kill -9}: no shutdown hook, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  void hangup() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
  }

  /** {@code POST /-/reload}; the status code. */
  int reload() {
    return Http.post(url("/-/reload")).statusCode();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Threads of the process, and how many of them are statsbridge's own. */
  /**
   * @param own statsbridge's threads by name ({@code /proc} cuts names to 15 characters, so the
   *     pool number is gone: "statsbridge-pol" for every poll worker)
   */
  record Threads(int total, Map<String, Integer> own) {
    int owned() {
      return own.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  Threads threads() throws IOException {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    int total = 0;
    Map<String, Integer> own = new TreeMap<>();
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        total++;
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (name.startsWith("statsbridge")) {
            own.merge(name, 1, Integer::sum);
          }
        } catch (IOException e) {
          // the thread ended while we looked
        }
      }
    }
    return new Threads(total, own);
  }

  int openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      return (int) fds.count();
    }
  }

  String tail() {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
