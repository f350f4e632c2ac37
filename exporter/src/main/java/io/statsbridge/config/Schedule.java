package io.statsbridge.config;

import java.time.Duration;

/**
 * When and how far back a query polls.
 *
 * @param interval how often the query polls, and the length of a regular window
 * @param delay how far behind now a window ends, for the upstream's ingestion lag
 * @param timeout per HTTP request
 * @param maxWindow the longest catch-up window after failures; older time is skipped and counted
 * @param seriesTtl a counter series absent this long leaves /metrics
 * @param newSeriesDelay a new counter series is exposed at 0 this long before its first window is
 *     added, so that Prometheus' increase() sees the first window; set it to at least one scrape
 *     interval
 * @param granularity the source's time buckets: windows start and end on multiples of it
 */
public record Schedule(
    Duration interval,
    Duration delay,
    Duration timeout,
    Duration maxWindow,
    Duration seriesTtl,
    Duration newSeriesDelay,
    Duration granularity) {

  /**
   * Intervals a query's gauges outlive their last success: a level stays through two failed polls
   * in a row, and leaves /metrics at the third, as it no longer says what the upstream does.
   */
  static final int GAUGE_TTL_INTERVALS = 3;

  /** Gauges of a query that has not succeeded for this long leave /metrics. */
  public Duration gaugeTtl() {
    return interval.multipliedBy(GAUGE_TTL_INTERVALS);
  }
}
