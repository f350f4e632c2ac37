package io.statsbridge;

import io.statsbridge.cli.Flags;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.store.CursorFile;
import io.statsbridge.web.WebConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --check-config}: the config, the web config and the storage folder, each as the exporter
 * would take them at start, every problem printed; nothing is opened, created or locked. With
 * {@code --check-config.skip-secrets} the secrets CI does not have are listed as not checked.
 */
final class CheckConfig {
  private CheckConfig() {}

  /**
   * @return {@link Main#OK} or {@link Main#INVALID}
   * @throws RuntimeException a failure of ours, for the caller to mask and report
   */
  static int run(
      Flags flags,
      Path file,
      ConfigLoader loader,
      LiveRedactor redactor,
      PrintStream out,
      PrintStream err) {
    List<String> problems = new ArrayList<>();
    Optional<Config> config = Optional.empty();
    try {
      config = Optional.of((flags.skipSecrets() ? loader.withoutSecrets() : loader).load(file));
      redactor.configured(config.get().secrets());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (flags.webConfigFile().isPresent()) {
      try {
        WebConfig.load(flags.webConfigFile().get());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    Optional<Path> storage = flags.storagePath();
    storage.flatMap(CursorFile::check).ifPresent(p -> problems.add("statsbridge: " + p));
    if (!problems.isEmpty()) {
      problems.forEach(err::println);
      return Main.INVALID;
    }
    Config ok = config.orElseThrow();
    out.println(
        file
            + ": OK ("
            + ok.sources().size()
            + " sources, "
            + ok.queries().size()
            + " queries)"
            + (flags.skipSecrets()
                ? "; not checked without secrets: " + ok.unchecked().size()
                : ""));
    ok.unchecked().forEach(u -> out.println(file + ": " + u));
    storage.ifPresent(
        dir ->
            out.println(
                "--storage.path " + dir + ": OK" + (Files.exists(dir) ? "" : " (to be created)")));
    return Main.OK;
  }
}
