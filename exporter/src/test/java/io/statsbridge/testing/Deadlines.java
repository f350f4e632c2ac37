package io.statsbridge.testing;

import io.statsbridge.source.Deadline;
import java.time.Clock;
import java.time.Duration;

/** Deadlines for calling a source directly, as one poll would. */
public final class Deadlines {
  private Deadlines() {}

  /** Requests time out after {@code timeout}; the poll as a whole has a minute. */
  public static Deadline within(Duration timeout) {
    Clock clock = Clock.systemUTC();
    return Deadline.of(clock, clock.instant().plus(Duration.ofMinutes(1)), timeout);
  }
}
