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

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
