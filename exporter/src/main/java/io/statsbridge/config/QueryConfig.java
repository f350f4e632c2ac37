package io.statsbridge.config;

/**
 * One validated query: its name becomes the {@code query} label.
 *
 * @param fingerprint what the query fetches (its source and its keys, timing keys left out): a
 *     query whose fingerprint is unchanged by a reload or a restart keeps its windows and counters
 * @param maxRows rows past this many in one poll are dropped and the query flagged truncated
 */
public record QueryConfig(
    String name,
    String source,
    Schedule schedule,
    QuerySpec spec,
    String fingerprint,
    int maxRows) {}
