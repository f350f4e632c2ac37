package io.statsbridge.poll;

import io.statsbridge.log.Log;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Runs a fetch with the shared retry rules, all within the poll's deadline: 429 waits as long as
 * the upstream says (or backs off when it does not say); 5xx and I/O errors back off exponentially
 * with jitter; other errors fail at once.
 */
final class Retrier {
  private static final Log LOG = Log.of(Retrier.class);

  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  Retrier(RetryPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  Batch fetch(String query, SourceQuery source, Window window, Deadline deadline)
      throws SourceException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return source.fetch(window, deadline);
      } catch (SourceException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts() || deadline.cancelled()) {
          throw e;
        }
        Duration wait =
            e.retryAfter().isPresent() ? e.retryAfter().get() : policy.backoff(attempt, random);
        if (clock.instant().plus(wait).isAfter(deadline.at())) {
          throw e;
        }
        LOG.debug(
            "retrying", "query", query, "attempt", attempt, "wait", wait, "err", e.getMessage());
        sleeper.sleep(wait);
      }
    }
  }
}
