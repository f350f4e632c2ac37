package io.statsbridge.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Monotonic time for tests on a fake clock: the clock's millis, as nanoseconds. */
public final class Tickers {
  private Tickers() {}

  public static Ticker following(Clock clock) {
    return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
