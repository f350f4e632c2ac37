package io.statsbridge.config;

import java.time.Duration;

/** A query's timing keys, validated against each other; defaults follow the interval. */
final class Schedules {
  /** The granularity of the query's source, and the source's name for messages. */
  record Granularity(String source, Duration step) {}

  private Schedules() {}

  /**
   * @param granularity the source's; null when the source is unknown (reported elsewhere)
   */
  static Schedule parse(
      ConfigNode q, QueryReader.QueryFields f, Schedule d, Granularity granularity) {
    Duration interval = q.duration("interval", f.interval(), d.interval());
    Duration delay = q.duration("delay", f.delay(), d.delay());
    // Unset limits follow a short or long interval instead of contradicting it.
    Duration timeout = q.duration("timeout", f.timeout(), min(d.timeout(), interval));
    Duration maxWindow = q.duration("max_window", f.maxWindow(), max(d.maxWindow(), interval));
    Duration seriesTtl = q.duration("series_ttl", f.seriesTtl(), max(d.seriesTtl(), interval));
    Duration newSeriesDelay =
        q.duration("new_series_delay", f.newSeriesDelay(), d.newSeriesDelay());
    Duration step = granularity == null ? d.granularity() : granularity.step();
    if (step.equals(Duration.ofSeconds(1))) {
      if (interval.compareTo(step) < 0 || interval.toMillis() % 1000 != 0) {
        q.problem(
            "interval",
            "must be a whole number of seconds, at least 1s (got "
                + Durations.format(interval)
                + ")");
      }
    } else {
      multipleOf(q, "interval", interval, granularity, true);
      multipleOf(q, "delay", delay, granularity, false);
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
              + ")",
          "interval");
    }
    if (maxWindow.compareTo(interval) < 0) {
      q.problem(
          "max_window",
          "must be at least interval "
              + Durations.format(interval)
              + " (got "
              + Durations.format(maxWindow)
              + ")",
          "interval");
    }
    if (seriesTtl.compareTo(interval) < 0) {
      q.problem(
          "series_ttl",
          "must be at least interval "
              + Durations.format(interval)
              + " (got "
              + Durations.format(seriesTtl)
              + ")",
          "interval");
    }
    return new Schedule(interval, delay, timeout, maxWindow, seriesTtl, newSeriesDelay, step);
  }

  /**
   * Datadog counts in 5-minute buckets: a window edge inside a bucket would hand the bucket to two
   * windows (counted twice) or to none (lost), depending on how the upstream assigns it.
   */
  private static void multipleOf(
      ConfigNode q, String key, Duration value, Granularity granularity, boolean positive) {
    long step = granularity.step().toMillis();
    if (value.toMillis() % step != 0 || (positive && value.isZero())) {
      q.problem(
          key,
          "must be a multiple of the granularity "
              + Durations.format(granularity.step())
              + " of source "
              + granularity.source()
              + " (got "
              + Durations.format(value)
              + "); the upstream counts in buckets of that size, and a window edge inside a"
              + " bucket would count it twice or not at all");
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
