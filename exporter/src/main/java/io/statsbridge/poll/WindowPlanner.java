package io.statsbridge.poll;

import io.statsbridge.source.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The window arithmetic. Windows are contiguous and never overlap: {@code to} is {@code now −
 * delay} aligned down to the interval (epoch-aligned, so every replica and restart agrees), {@code
 * from} is the previous successful {@code to}. After failures one request covers the gap, but never
 * more than {@code max_window}; older time is skipped and reported. Every edge falls on a multiple
 * of the source's granularity (the interval is one), so no window cuts an upstream bucket.
 */
public final class WindowPlanner {
  /** The next window, if a new one has closed, and how much older time had to be skipped. */
  public record Plan(Optional<Window> window, Duration skipped) {}

  private WindowPlanner() {}

  public static Instant alignDown(Instant t, Duration step) {
    long ms = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  static Instant alignUp(Instant t, Duration step) {
    Instant down = alignDown(t, step);
    return down.equals(t) ? t : down.plus(step);
  }

  public static Plan plan(
      Instant now,
      Optional<Instant> lastTo,
      Duration interval,
      Duration delay,
      Duration maxWindow,
      Duration granularity) {
    Instant to = alignDown(now.minus(delay), interval);
    Instant from = lastTo.orElse(to.minus(interval));
    Duration skipped = Duration.ZERO;
    // A cursor written under another granularity may sit inside a bucket: start at the next edge.
    Instant aligned = alignUp(from, granularity);
    Instant earliest = alignUp(to.minus(maxWindow), granularity);
    if (earliest.isAfter(aligned)) {
      aligned = earliest;
    }
    if (!to.isAfter(aligned)) {
      return new Plan(Optional.empty(), Duration.ZERO);
    }
    if (aligned.isAfter(from)) {
      skipped = Duration.between(from, aligned);
    }
    return new Plan(Optional.of(new Window(aligned, to)), skipped);
  }
}
