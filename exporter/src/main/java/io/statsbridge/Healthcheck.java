package io.statsbridge;

import io.statsbridge.cli.Flags;
import io.statsbridge.cli.RunningExporter;
import io.statsbridge.cli.UsageException;
import io.statsbridge.config.ConfigException;
import io.statsbridge.web.HealthProbe;
import io.statsbridge.web.WebConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code --healthcheck}, the container image's HEALTHCHECK: asks the statsbridge the container runs
 * for {@code /-/healthy} with that statsbridge's own flags, so TLS, basic auth and any listen
 * address need no second copy of them in the HEALTHCHECK. Prints one line; exits 0 healthy, 1 not.
 */
final class Healthcheck {
  /** Within the image's HEALTHCHECK --timeout=5s, with the JVM's start. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private Healthcheck() {}

  static int run(String[] args, Path proc, PrintStream out) {
    try {
      List<String> server = serverArguments(args, proc);
      Flags flags = Flags.parse(server.toArray(String[]::new));
      WebConfig web =
          flags.webConfigFile().isPresent()
              ? WebConfig.load(flags.webConfigFile().get())
              : WebConfig.NONE;
      out.println("healthy: " + HealthProbe.check(flags.listenAddress(), web, TIMEOUT));
      return Main.OK;
    } catch (IOException e) {
      out.println("unhealthy: " + e.getMessage());
    } catch (UsageException e) {
      out.println("unhealthy: cannot read the flags statsbridge runs with: " + e.getMessage());
    } catch (ConfigException e) {
      out.println("unhealthy: " + String.join("; ", e.problems()));
    }
    return Main.INVALID;
  }

  /**
   * The flags given with --healthcheck when they name a --web.* flag; otherwise those of the
   * statsbridge running in this container.
   */
  private static List<String> serverArguments(String[] args, Path proc) throws IOException {
    List<String> given = Arrays.stream(args).filter(a -> !a.equals("--healthcheck")).toList();
    if (given.stream().anyMatch(a -> a.startsWith("--web."))) {
      return given;
    }
    Optional<List<String>> running = RunningExporter.arguments(proc);
    if (running.isEmpty()) {
      throw new IOException(
          "no statsbridge runs as PID 1 or a child of it (not in its container?); give its"
              + " --web.listen-address and --web.config.file");
    }
    return running.get();
  }
}
