package io.statsbridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A validated configuration; immutable, so it can be handed to any thread. */
public record Config(Map<String, SourceConfig> sources, List<QueryConfig> queries) {
  public Config {
    sources = Map.copyOf(sources);
    queries = List.copyOf(queries);
  }

  /** Every credential of every source, for the redactor; equal values may repeat. */
  public List<String> secrets() {
    List<String> all = new ArrayList<>();
    sources.values().forEach(s -> all.addAll(s.settings().secrets()));
    return all;
  }
}
