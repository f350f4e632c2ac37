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
    int port = Processes.freePort();
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
    Await.until(
        "Alertmanager ready (log: " + log + ")",
        Duration.ofSeconds(30),
        () -> p.isAlive() && Http.get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200);
    return server;
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
