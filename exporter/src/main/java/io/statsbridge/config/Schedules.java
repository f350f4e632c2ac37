package io.statsbridge.config;

import java.time.Duration;

/** A query's timing keys, validated against each other; defaults follow the interval. */
final class Schedules {
  private Schedules() {}

  static Schedule parse(ConfigNode q, ConfigLoader.QueryFields f, Schedule d) {
    Duration interval = q.duration("interval", f.interval(), d.interval());
    Duration delay = q.duration("delay", f.delay(), d.delay());
    // Unset limits follow a short or long interval instead of contradicting it.
    Duration timeout = q.duration("timeout", f.timeout(), min(d.timeout(), interval));
    Duration maxWindow = q.duration("max_window", f.maxWindow(), max(d.maxWindow(), interval));
    Duration seriesTtl = q.duration("series_ttl", f.seriesTtl(), max(d.seriesTtl(), interval));
    Duration newSeriesDelay =
        q.duration("new_series_delay", f.newSeriesDelay(), d.newSeriesDelay());
    if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.toMillis() % 1000 != 0) {
      q.problem(
          "interval",
          "must be a whole number of seconds, at least 1s (got "
              + Durations.format(interval)
              + ")");
    }
    if (timeout.isZero()) {
      q.problem("timeout", "must be greater than 0");
    } else if (timeout.compareTo(interval) > 0) {
      q.problem(
          "timeout",
          "must not be longer than interval "
              + Durations.format(interval)
              + " (got "
              + Durations.format(timeout)
              + ")");
    }
    if (maxWindow.compareTo(interval) < 0) {
      q.problem(
          "max_window",
          "must be at least interval "
              + Durations.format(interval)
              + " (got "
              + Durations.format(maxWindow)
              + ")");
    }
    if (seriesTtl.compareTo(interval) < 0) {
      q.problem(
          "series_ttl",
          "must be at least interval "
              + Durations.format(interval)
              + " (got "
              + Durations.format(seriesTtl)
              + ")");
    }
    return new Schedule(interval, delay, timeout, maxWindow, seriesTtl, newSeriesDelay);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
