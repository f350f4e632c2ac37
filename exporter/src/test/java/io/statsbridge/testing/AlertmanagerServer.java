package io.statsbridge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's real Alertmanager, on a loopback port, clustering off. */
public final class AlertmanagerServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private AlertmanagerServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static AlertmanagerServer start(Path binary, Path dir, String config) throws Exception {
    Path configFile = dir.resolve("alertmanager.yml");
    Files.writeString(configFile, config);
    return Processes.onFreePort(port -> start(binary, dir, configFile, port));
  }

  private static AlertmanagerServer start(Path binary, Path dir, Path configFile, int port)
      throws Exception {
    Path log = dir.resolve("alertmanager.log");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AlertmanagerServer server = new AlertmanagerServer(p, port);
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        String text = Files.readString(log);
        if (Processes.bindFailed(text)) {
          throw new Processes.PortTaken("alertmanager");
        }
        throw new AssertionError("alertmanager exited: " + text);
      }
      try {
        if (Http.get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200) {
          return server;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("alertmanager not ready in 30s: " + Files.readString(log));
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
