package io.statsbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running real binaries from tests. */
public final class Processes {
  private Processes() {}

  /** The result of a finished command. */
  public record Result(int exitCode, String output) {}

  public static Result run(List<String> command, byte[] stdin, Path workDir)
      throws IOException, InterruptedException {
    // The output goes to the system's temporary folder: tests never write into the working tree,
    // and workDir may be one of the repository's folders (alerts/, docker/).
    Path log = Files.createTempFile("statsbridge-test-out", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try (var in = p.getOutputStream()) {
      in.write(stdin);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 60s");
    }
    try {
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** A process that found its port taken: another one took it between probe and bind. */
  public static final class PortTaken extends Exception {
    public PortTaken(String what) {
      super(what + ": the port was taken meanwhile");
    }
  }

  /** Starts something on a given port; throws {@link PortTaken} when the port is in use. */
  @FunctionalInterface
  public interface OnPort<T> {
    T start(int port) throws Exception;
  }

  /**
   * Starts a program that must be told its port up front (a real binary; an exporter whose address
   * Prometheus must know first) on a port that was free a moment ago, and tries another one if
   * something took it in between. In-process servers bind port 0 instead.
   */
  public static <T> T onFreePort(OnPort<T> starter) throws Exception {
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      try {
        return starter.start(port);
      } catch (PortTaken e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Whether a program's log says it could not bind. */
  public static boolean bindFailed(String log) {
    String text = log.toLowerCase(java.util.Locale.ROOT);
    return text.contains("address already in use") || text.contains("bind:");
  }

  /**
   * The port a statsbridge process listens on, read from its start line ({@code statsbridge started
   * … address=/127.0.0.1:34567}): start it on port 0, then ask.
   */
  public static int listeningPort(Path log, Process process) throws Exception {
    java.util.regex.Pattern started =
        java.util.regex.Pattern.compile("msg=\"statsbridge started\".* address=\\S*:(\\d+)");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      java.util.regex.Matcher m = started.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("statsbridge exited: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("statsbridge did not start in 60s: " + Files.readString(log));
  }
}
