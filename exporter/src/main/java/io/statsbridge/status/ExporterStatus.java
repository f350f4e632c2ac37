package io.statsbridge.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the running exporter publishes about itself, for its readers (the landing page, readiness,
 * the self-metrics): immutable snapshots, read without locks, never waiting on a poll.
 */
public interface ExporterStatus {
  /** The queries this replica polls: those of its {@link #shard()}. */
  List<QueryStatus> statuses();

  /** How many queries the running configuration has, on every shard. */
  int configuredQueries();

  /** Whether every query has finished its first poll. */
  boolean ready();

  /** The query's series on /metrics now (fresh gauges + counters), by family's sample name. */
  Map<String, Integer> seriesByFamily(String query);

  /** The query's series on /metrics now. */
  default int series(String query) {
    return seriesByFamily(query).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Whether the query's gauges are still fresh. */
  boolean fresh(String query);

  /** Last X-RateLimit-Remaining per source that reports one. */
  Map<String, OptionalDouble> rateLimitRemaining();

  boolean lastReloadSuccessful();

  Optional<Instant> lastReloadSuccess();

  /** The queries this replica polls. */
  Shard shard();

  /** Whether window cursors reach the disk. */
  StorageStatus storage();
}
