package io.statsbridge.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real tinyproxy, a forwarding HTTP proxy, on a loopback port for one test: plain-http
 * requests are forwarded (it adds {@code Via: 1.1 tinyproxy}), https goes through CONNECT tunnels
 * to the listed ports only, and with a user it answers 407 to requests without its {@code Basic}
 * credentials. Its log has a line per request ({@code Request (file descriptor 5): GET
 * http://127.0.0.1:…/… HTTP/1.1}, {@code … CONNECT 127.0.0.1:… HTTP/1.1}).
 */
public final class Tinyproxy implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final Path output;

  private Tinyproxy(Process process, int port, Path log, Path output) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.output = output;
  }

  /** Requires the binary (skipped locally when missing, a failure on CI). */
  public static Path binary() {
    return RealBinary.require("tinyproxy");
  }

  /**
   * Starts tinyproxy in {@code dir}.
   *
   * @param basicAuth user and password the proxy requires, if any
   * @param connectPorts the only ports CONNECT may reach
   */
  public static Tinyproxy start(
      Path binary, Path dir, Optional<List<String>> basicAuth, List<Integer> connectPorts)
      throws Exception {
    return Processes.onFreePort(port -> start(binary, dir, basicAuth, connectPorts, port));
  }

  private static Tinyproxy start(
      Path binary, Path dir, Optional<List<String>> basicAuth, List<Integer> connectPorts, int port)
      throws Exception {
    Path log = dir.resolve("tinyproxy-" + port + ".log");
    Path output = dir.resolve("tinyproxy-" + port + ".out");
    StringBuilder config = new StringBuilder();
    config.append("Port ").append(port).append('\n');
    config.append("Listen 127.0.0.1\n");
    config.append("Allow 127.0.0.1\n");
    config.append("Timeout 30\n");
    config.append("MaxClients 20\n");
    config.append("LogFile \"").append(log).append("\"\n");
    config.append("LogLevel Info\n");
    config.append("ViaProxyName \"tinyproxy\"\n");
    basicAuth.ifPresent(
        u ->
            config.append("BasicAuth ").append(u.get(0)).append(' ').append(u.get(1)).append('\n'));
    connectPorts.forEach(p -> config.append("ConnectPort ").append(p).append('\n'));
    Path file = dir.resolve("tinyproxy-" + port + ".conf");
    Files.writeString(file, config);
    Process p =
        new ProcessBuilder(binary.toString(), "-d", "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    Tinyproxy proxy = new Tinyproxy(p, port, log, output);
    proxy.awaitListening();
    return proxy;
  }

  private void awaitListening() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        String text = text(log) + text(output);
        if (Processes.bindFailed(text) || text.contains("Could not create listening socket")) {
          throw new Processes.PortTaken("tinyproxy");
        }
        throw new AssertionError("tinyproxy exited: " + text);
      }
      if (text(log).contains("Starting main loop")) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          return;
        } catch (java.io.IOException e) {
          // not yet
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("tinyproxy not listening in 30s: " + text(log) + text(output));
  }

  private static String text(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  public int port() {
    return port;
  }

  /** What tinyproxy logged so far. */
  public String log() throws java.io.IOException {
    return text(log);
  }

  /** The request lines tinyproxy received ({@code GET http://… HTTP/1.1}, {@code CONNECT …}). */
  public List<String> requests() throws java.io.IOException {
    return log()
        .lines()
        .filter(l -> l.contains("]: Request (file descriptor"))
        .map(l -> l.substring(l.indexOf("): ") + 3))
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
