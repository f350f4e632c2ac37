package io.statsbridge.config;

import java.nio.file.Path;

/**
 * What one load of a config reads besides its text.
 *
 * @param folder where relative file names in it start: the config file's own folder, as in
 *     Prometheus and web.yml, so that the exporter finds them wherever it was started; the working
 *     directory for text that comes without a file (the demo's). Absolute.
 * @param secrets whether secrets are read at all: {@code --check-config.skip-secrets} lints a
 *     config where the variables and secret files it names are absent (CI), and then a value that
 *     needs an unset variable and a secret file that cannot be read are left unchecked, not wrong
 */
record LoadContext(Path folder, boolean secrets) {
  /** For config text without a file. */
  static LoadContext workingDirectory(boolean secrets) {
    return new LoadContext(Path.of("").toAbsolutePath(), secrets);
  }

  static LoadContext of(Path configFile, boolean secrets) {
    return new LoadContext(configFile.toAbsolutePath().getParent(), secrets);
  }

  /**
   * A file named in the config: relative to {@link #folder}, normalized as Go's {@code
   * filepath.Join} does for Prometheus, so that problems name the file plainly.
   *
   * @throws java.nio.file.InvalidPathException when {@code name} cannot be a path
   */
  Path resolve(String name) {
    return folder.resolve(name).normalize();
  }
}
