package io.statsbridge;

import io.statsbridge.app.App;
import io.statsbridge.app.ConfigSource;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.cli.Flags;
import io.statsbridge.cli.Signals;
import io.statsbridge.cli.UsageException;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.demo.DemoConfig;
import io.statsbridge.demo.Simulator;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.log.Log;
import io.statsbridge.log.LogSetup;
import io.statsbridge.log.Redactor;
import io.statsbridge.source.SourceUnusable;
import io.statsbridge.status.BuildInfo;
import io.statsbridge.web.WebConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Entry point: maps each kind of failure to its exit code (0 ok, 1 config/start, 2 usage). */
public final class Main {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Providers.loaders());
  }

  /**
   * @param loaders config loaders of the upstreams found ({@link Providers#loaders()}; tests give
   *     their own)
   */
  static int run(String[] args, PrintStream out, PrintStream err, ConfigLoader.Factory loaders) {
    Flags flags;
    try {
      flags = Flags.parse(args);
      LogSetup.install(LogSetup.parseLevel(flags.logLevel()));
    } catch (UsageException | IllegalArgumentException e) {
      err.println("statsbridge: " + e.getMessage());
      err.println();
      err.print(Flags.USAGE);
      return USAGE;
    }
    if (flags.help()) {
      out.print(Flags.USAGE);
      return OK;
    }
    if (flags.healthcheck()) {
      return Healthcheck.run(args, Path.of("/proc"), out);
    }
    if (flags.version()) {
      out.println(
          "statsbridge "
              + BuildInfo.VERSION
              + " (revision "
              + BuildInfo.REVISION
              + ", java "
              + System.getProperty("java.version")
              + ")");
      return OK;
    }
    Clock clock = Clock.systemUTC();
    // Knows each config's secrets from the moment it is loaded, for the failures reported here.
    LiveRedactor redactor = new LiveRedactor(clock);
    Path file = flags.configFile().orElse(Path.of("statsbridge.yml"));
    if (flags.checkConfig()) {
      try {
        int code = CheckConfig.run(flags, file, loaders.create(System::getenv), redactor, out, err);
        if (code != OK) {
          noConfigHint(flags, file, err);
        }
        return code;
      } catch (RuntimeException e) {
        err.println("statsbridge: " + internalError(e, redactor));
        return INVALID;
      }
    }
    try {
      Options.Builder options = Options.builder(flags.listenAddress());
      if (flags.webConfigFile().isPresent()) {
        // Read again when it or its certificate and key change, and on reload.
        Path webFile = flags.webConfigFile().get();
        options.web(WebConfig.load(webFile), webFile);
      }
      Simulator simulator = flags.demo() ? Simulator.startDemo(clock) : null;
      ConfigSource configs =
          simulator != null
              ? () -> DemoConfig.load(loaders, simulator)
              : () -> loaders.create(System::getenv).load(file);
      App app =
          App.start(
              configs,
              options
                  .shard(flags.shard())
                  .storage(flags.storagePath())
                  .lifecycle(flags.lifecycle())
                  .reloadAllowedHosts(flags.reloadAllowedHosts())
                  .demo(flags.demo())
                  .clock(clock)
                  .redactor(redactor)
                  .build());
      Signals.onHangup(app::requestReload);
      Signals.exitCleanlyOnTermination();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    LogSetup.keepThroughShutdown();
                    Log.of(Main.class).info("stop requested; stopping");
                    app.close();
                    if (simulator != null) {
                      simulator.close();
                    }
                    stopped.countDown();
                  },
                  "statsbridge-shutdown"));
      stopped.await();
      return OK;
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      noConfigHint(flags, file, err);
      return INVALID;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OK;
    } catch (IOException | RuntimeException e) {
      // IOExceptions of ours say what is wrong in words (address in use, storage not writable).
      // So do a source's, when it finds at start that it cannot open (SourceUnusable).
      String why =
          e instanceof IOException || e instanceof SourceUnusable
              ? redactor.apply(e.getMessage())
              : internalError(e, redactor);
      Log.of(Main.class).error("cannot start", "err", why);
      err.println("statsbridge: cannot start: " + why);
      return INVALID;
    }
  }

  /**
   * A failure of ours, in words fit for a log line: its text may quote a configured value (an
   * argument check of the JDK's does), so it is masked with every secret known by then.
   */
  private static String internalError(Exception e, Redactor redactor) {
    return redactor.apply("internal error: " + e);
  }

  /** Someone trying statsbridge without a config learns about --demo. */
  private static void noConfigHint(Flags flags, Path file, PrintStream err) {
    if (!Files.exists(file)) {
      err.println(
          "statsbridge: "
              + (flags.configFile().isPresent() ? "no file " + file : "no statsbridge.yml here")
              + "; point --config.file at your configuration, or try statsbridge without an"
              + " account: --demo");
    }
  }
}
