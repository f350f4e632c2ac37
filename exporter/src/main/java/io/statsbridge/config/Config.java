package io.statsbridge.config;

import java.util.List;
import java.util.Map;

/** A validated configuration; immutable, so it can be handed to any thread. */
public record Config(Map<String, SourceConfig> sources, List<QueryConfig> queries) {
  public Config {
    sources = Map.copyOf(sources);
    queries = List.copyOf(queries);
  }
}
