package io.statsbridge.source;

import io.statsbridge.config.ConfigNode;
import java.util.Optional;
import java.util.Set;

/**
 * One upstream API, discovered by {@link java.util.ServiceLoader}: a new upstream is a new package
 * with a provider and a config {@code type}, nothing else. Only the provider's package knows the
 * upstream's config keys and JSON.
 */
public interface SourceProvider {
  /** The config {@code type} that selects this provider. */
  String type();

  /** The query keys this provider owns, beyond the common ones (name, source, interval …). */
  Set<String> queryKeys();

  /**
   * Validates a {@code sources.<name>} block (without {@code type}); empty when it has problems.
   */
  Optional<SourceSettings> parseSource(ConfigNode node);

  /** Validates the provider's keys of one query; empty when it has problems. */
  Optional<QuerySpec> parseQuery(ConfigNode node);

  /** Opens a client for a validated source. */
  Source open(String name, SourceSettings settings, SourceContext context);
}
