package io.statsbridge.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One validated query: its name becomes the {@code query} label.
 *
 * @param labels its {@code labels:} (with those of {@code defaults:}), by name: on every series of
 *     the query, right after {@code query}
 * @param fingerprint what the query fetches (its source and its keys, timing keys left out; its
 *     labels in): a query whose fingerprint is unchanged by a reload or a restart keeps its windows
 *     and counters
 * @param maxRows rows past this many in one poll are dropped and the query flagged truncated
 */
public record QueryConfig(
    String name,
    String source,
    Map<String, String> labels,
    Schedule schedule,
    QuerySpec spec,
    String fingerprint,
    int maxRows) {
  public QueryConfig {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }
}
