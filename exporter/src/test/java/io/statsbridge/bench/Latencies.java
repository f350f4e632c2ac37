package io.statsbridge.bench;

import java.util.Arrays;

/** Scrape times of one figure, sorted; percentiles by nearest rank. */
record Latencies(long[] sortedNanos) {
  static Latencies of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted);
  }

  /** The union of two runs of the same figure (rounds of an interleaved run). */
  Latencies plus(long[] more) {
    long[] all = Arrays.copyOf(sortedNanos, sortedNanos.length + more.length);
    System.arraycopy(more, 0, all, sortedNanos.length, more.length);
    return of(all);
  }

  int count() {
    return sortedNanos.length;
  }

  /** The p-th percentile in milliseconds (nearest rank: p99 of fewer than 100 is the maximum). */
  double millis(int p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
  }

  double p50() {
    return millis(50);
  }

  double p99() {
    return millis(99);
  }

  double max() {
    return millis(100);
  }
}
