package io.statsbridge.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration half of an upstream plug-in: its {@code type} and how its source and query keys
 * are validated. The other half (opening a client) is the source package's {@code SourceProvider},
 * which extends this; config knows nothing of clients.
 */
public interface SourceType {
  /** The config {@code type} that selects this upstream. */
  String type();

  /** The query keys this upstream owns, beyond the common ones (name, source, interval …). */
  Set<String> queryKeys();

  /**
   * Validates a {@code sources.<name>} block (without {@code type}); empty when it has problems.
   */
  Optional<SourceSettings> parseSource(ConfigNode node);

  /** Validates the upstream's keys of one query; empty when it has problems. */
  Optional<QuerySpec> parseQuery(ConfigNode node);

  /**
   * The families a valid query of this type exports, as far as its config tells, so that names that
   * would meet on /metrics are refused at load: the upstream's fixed families, and each name a key
   * of the query chose. A name known only from the upstream's answer is not listed.
   */
  default List<ExportedFamily> families(QuerySpec spec) {
    return List.of();
  }
}
