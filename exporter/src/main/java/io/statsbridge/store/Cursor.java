package io.statsbridge.store;

import java.time.Instant;

/**
 * How far a query's data has come: the end of the last window it contains, and the fingerprint of
 * the config that fetched it (a cursor is only resumed by the same query).
 */
public record Cursor(String fingerprint, Instant windowEnd) {}
