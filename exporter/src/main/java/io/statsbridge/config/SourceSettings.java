package io.statsbridge.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** A source block after validation (endpoint, resolved secrets); immutable. */
public interface SourceSettings {
  /**
   * The upstream's time buckets: windows start and end on multiples of it, and a query's {@code
   * interval} and {@code delay} must be multiples of it, so that no window cuts a bucket in two.
   */
  default Duration granularity() {
    return Duration.ofSeconds(1);
  }

  /**
   * Every credential of the source (user names included), so that no error text ever shows one. Two
   * may be equal (a YAML alias makes {@code api_key} and {@code app_key} one value): return a list,
   * not {@code Set.of}, which throws on equal elements and quotes the value.
   */
  default Collection<String> secrets() {
    return List.of();
  }
}
