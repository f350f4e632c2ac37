package io.statsbridge.source;

import io.statsbridge.config.QuerySpec;
import java.util.OptionalDouble;

/** A connected upstream. Thread-safe: several queries of one source poll it concurrently. */
public interface Source extends AutoCloseable {
  /** Binds a query; label names and request parameters are worked out once, here. */
  SourceQuery bind(String queryName, QuerySpec spec);

  /** The upstream's last reported remaining request budget, if it reports one. */
  default OptionalDouble rateLimitRemaining() {
    return OptionalDouble.empty();
  }

  @Override
  default void close() {}
}
