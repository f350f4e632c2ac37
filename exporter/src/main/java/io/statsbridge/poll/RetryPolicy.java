package io.statsbridge.poll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Bounded exponential backoff with full jitter for 5xx and I/O errors: attempt {@code n} waits a
 * random time up to {@code min(max, base × 2^(n-1))}.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public Duration backoff(int failedAttempts, RandomGenerator random) {
    long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(20, failedAttempts - 1));
    return Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1));
  }
}
