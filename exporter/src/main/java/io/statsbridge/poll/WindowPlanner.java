package io.statsbridge.poll;

import io.statsbridge.source.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The window arithmetic of DESIGN.md. Windows are contiguous and never overlap: {@code to} is
 * {@code now − delay} aligned down to the interval (epoch-aligned, so every replica and restart
 * agrees), {@code from} is the previous successful {@code to}. After failures one request covers
 * the gap, but never more than {@code max_window}; older time is skipped and reported.
 */
public final class WindowPlanner {
  /** The next window, if a new one has closed, and how much older time had to be skipped. */
  public record Plan(Optional<Window> window, Duration skipped) {}

  private WindowPlanner() {}

  public static Instant alignDown(Instant t, Duration interval) {
    long ms = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  public static Plan plan(
      Instant now,
      Optional<Instant> lastTo,
      Duration interval,
      Duration delay,
      Duration maxWindow) {
    Instant to = alignDown(now.minus(delay), interval);
    Instant from = lastTo.orElse(to.minus(interval));
    if (!to.isAfter(from)) {
      return new Plan(Optional.empty(), Duration.ZERO);
    }
    Duration skipped = Duration.ZERO;
    Instant earliest = to.minus(maxWindow);
    if (from.isBefore(earliest)) {
      skipped = Duration.between(from, earliest);
      from = earliest;
    }
    return new Plan(Optional.of(new Window(from, to)), skipped);
  }
}
