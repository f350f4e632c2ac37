package io.statsbridge;

import io.statsbridge.app.App;
import io.statsbridge.app.ConfigSource;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.cli.Flags;
import io.statsbridge.cli.Signals;
import io.statsbridge.cli.UsageException;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.demo.DemoConfig;
import io.statsbridge.demo.Simulator;
import io.statsbridge.log.Log;
import io.statsbridge.log.LogSetup;
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
    ConfigLoader.Factory loaders = Providers.loaders();
    Path file = flags.configFile().orElse(Path.of("statsbridge.yml"));
    if (flags.checkConfig()) {
      try {
        Config config = loaders.create(System::getenv).load(file);
        if (flags.webConfigFile().isPresent()) {
          WebConfig.load(flags.webConfigFile().get());
        }
        out.println(
            file
                + ": OK ("
                + config.sources().size()
                + " sources, "
                + config.queries().size()
                + " queries)");
        return OK;
      } catch (ConfigException e) {
        e.problems().forEach(err::println);
        noConfigHint(flags, file, err);
        return INVALID;
      }
    }
    try {
      Clock clock = Clock.systemUTC();
      WebConfig web =
          flags.webConfigFile().isPresent()
              ? WebConfig.load(flags.webConfigFile().get())
              : WebConfig.NONE;
      Simulator simulator = flags.demo() ? Simulator.startDemo(clock) : null;
      ConfigSource configs =
          simulator != null
              ? () -> DemoConfig.load(loaders, simulator)
              : () -> loaders.create(System::getenv).load(file);
      App app =
          App.start(
              configs,
              Options.builder(flags.listenAddress())
                  .shard(flags.shard())
                  .web(web)
                  .storage(flags.storagePath())
                  .lifecycle(flags.lifecycle())
                  .demo(flags.demo())
                  .build());
      Signals.onHangup(app::requestReload);
      Signals.exitCleanlyOnTermination();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
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
      String why = e instanceof IOException ? e.getMessage() : "internal error: " + e;
      Log.of(Main.class).error("cannot start", "err", why);
      err.println("statsbridge: cannot start: " + why);
      return INVALID;
    }
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
