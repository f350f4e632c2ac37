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
  List<QueryStatus> statuses();

  /** Whether every query has finished its first poll. */
  boolean ready();

  /** Series exposed per query right now (fresh gauges + counters). */
  int series(String query);

  /** Whether the query's gauges are still fresh. */
  boolean fresh(String query);

  /** Last X-RateLimit-Remaining per source that reports one. */
  Map<String, OptionalDouble> rateLimitRemaining();

  boolean lastReloadSuccessful();

  Optional<Instant> lastReloadSuccess();

  /** The queries this replica polls. */
  Shard shard();
}
