package io.statsbridge.metrics;

import io.statsbridge.poll.QueryStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** What the self-metrics read: immutable views the exporter publishes. */
public interface Telemetry {
  List<QueryStatus> statuses();

  /** Series exposed per query right now (fresh gauges + counters). */
  int series(String query);

  /** Whether the query's gauges are still fresh. */
  boolean fresh(String query);

  /** Last X-RateLimit-Remaining per source that reports one. */
  Map<String, OptionalDouble> rateLimitRemaining();

  boolean lastReloadSuccessful();

  /** The queries this replica polls. */
  io.statsbridge.poll.Shard shard();

  Optional<Instant> lastReloadSuccess();
}
