package io.statsbridge.config;

import java.time.Duration;
import java.util.Set;

/** A source block after validation (endpoint, resolved secrets); immutable. */
public interface SourceSettings {
  /**
   * The upstream's time buckets: windows start and end on multiples of it, and a query's {@code
   * interval} and {@code delay} must be multiples of it, so that no window cuts a bucket in two.
   */
  default Duration granularity() {
    return Duration.ofSeconds(1);
  }

  /** Every credential of the source, so that no error text ever shows one. */
  default Set<String> secrets() {
    return Set.of();
  }
}
