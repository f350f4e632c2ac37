package io.statsbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The flags of the statsbridge a container runs, read from {@code /proc}: a container's HEALTHCHECK
 * is a command of its own and is not told the flags the container was started with. statsbridge is
 * PID 1 when the image's entrypoint runs it, or a child of PID 1 under an init (docker run --init,
 * tini). Only those are looked at: on a machine rather than in a container, PID 1 is the machine's
 * init, and another user's statsbridge is never the one meant.
 */
public final class RunningExporter {
  private RunningExporter() {}

  /** The statsbridge arguments (after the jar or the main class), if one runs there. */
  public static Optional<List<String>> arguments(Path proc) throws IOException {
    Optional<List<String>> first = statsbridgeArguments(commandLine(proc.resolve("1")));
    if (first.isPresent()) {
      return first;
    }
    List<List<String>> children = new ArrayList<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        if (parentOf(pid) == 1) {
          statsbridgeArguments(commandLine(pid)).ifPresent(children::add);
        }
      }
    }
    if (children.size() > 1) {
      throw new IOException(
          children.size()
              + " statsbridge processes under PID 1; give --web.listen-address (and"
              + " --web.config.file) of the one to ask");
    }
    return children.stream().findFirst();
  }

  /**
   * What follows {@code -jar …statsbridge….jar} or the main class {@code io.statsbridge.Main} in a
   * java command line.
   */
  static Optional<List<String>> statsbridgeArguments(List<String> commandLine) {
    for (int i = 1; i < commandLine.size(); i++) {
      String arg = commandLine.get(i);
      if (arg.equals("io.statsbridge.Main")) {
        return Optional.of(List.copyOf(commandLine.subList(i + 1, commandLine.size())));
      }
      if (arg.equals("-jar") && i + 1 < commandLine.size()) {
        String jar = Path.of(commandLine.get(i + 1)).getFileName().toString();
        return jar.startsWith("statsbridge") && jar.endsWith(".jar")
            ? Optional.of(List.copyOf(commandLine.subList(i + 2, commandLine.size())))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code /proc/PID/cmdline}: the arguments, each ended by a NUL; empty for a gone process. */
  private static List<String> commandLine(Path pid) {
    try {
      String text = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8);
      if (text.endsWith("\0")) {
        text = text.substring(0, text.length() - 1);
      }
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Field 4 of {@code /proc/PID/stat}, after the command name in parentheses (which may hold any).
   */
  private static long parentOf(Path pid) {
    try {
      String stat = Files.readString(pid.resolve("stat"), StandardCharsets.UTF_8);
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(after[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
