package io.statsbridge.app;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;

/** Where configs come from: a file, or the demo's built-in one; read at start and each reload. */
@FunctionalInterface
public interface ConfigSource {
  Config load() throws ConfigException;
}
