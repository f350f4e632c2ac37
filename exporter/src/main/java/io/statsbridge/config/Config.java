package io.statsbridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated configuration; immutable, so it can be handed to any thread.
 *
 * @param unchecked what a load without secrets ({@link ConfigLoader#withoutSecrets()}) left
 *     unchecked, each as {@code place: not checked: why}; empty in any other load
 */
public record Config(
    Map<String, SourceConfig> sources, List<QueryConfig> queries, List<String> unchecked) {
  public Config {
    sources = Map.copyOf(sources);
    queries = List.copyOf(queries);
    unchecked = List.copyOf(unchecked);
  }

  /** Every credential of every source, for the redactor; equal values may repeat. */
  public List<String> secrets() {
    List<String> all = new ArrayList<>();
    sources.values().forEach(s -> all.addAll(s.settings().secrets()));
    return all;
  }
}
