package io.statsbridge.source;

import io.statsbridge.config.SourceConfig;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.config.SourceType;

/**
 * One upstream API, discovered by {@link java.util.ServiceLoader}: a new upstream is a new package
 * with a provider and a config {@code type}, nothing else. Only the provider's package knows the
 * upstream's config keys and JSON.
 */
public interface SourceProvider extends SourceType {
  /** Opens a client for a validated source. */
  Source open(String name, SourceSettings settings, SourceContext context);

  /** The provider that validated {@code source}: configs are loaded with providers only. */
  static SourceProvider of(SourceConfig source) {
    if (source.provider() instanceof SourceProvider p) {
      return p;
    }
    throw new IllegalStateException("source " + source.name() + " was not loaded by a provider");
  }
}
