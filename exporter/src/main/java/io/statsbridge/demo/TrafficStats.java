package io.statsbridge.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Traffic Stats' InfluxDB as Traffic Ops' {@code cache_stats} reads it (trafficstats/cache.go).
 * Continuous queries write each CDN's {@code <metric>.cdn.1min} with {@code GROUP BY time(1m)}
 * (create_ts_databases.go), so every point is stamped on a minute; a minute without data has no
 * point. Both of Traffic Ops' queries select {@code time > start AND time < end}, strict at both
 * ends: the summary summarises those raw points, the series groups them by {@code time(interval,
 * offset)} with the offset Traffic Ops derives from the start's whole seconds ({@code
 * OffsetString}, lib/go-tc/traffic_stats.go). Times are epoch nanoseconds.
 */
final class TrafficStats {
  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;

  /** One stored point. */
  record Point(long time, double value) {}

  /** One bucket of the series: its start, and the mean of its points (NaN for none: null). */
  record Bucket(long time, double value) {}

  /** Summary fields in Traffic Ops' JSON order; all zero with {@code count} 0 when no point. */
  record Summary(
      double average,
      long count,
      double fifthPercentile,
      double max,
      double min,
      double ninetyEighthPercentile,
      double ninetyFifthPercentile) {}

  private TrafficStats() {}

  /**
   * The CDN's points with {@code start < time < end}; with {@code gaps}, the simulator's minutes
   * without data (not for capacity, which Traffic Stats always has) have none.
   */
  static List<Point> points(Cdns.Cdn cdn, String metricType, long start, long end, boolean gaps) {
    List<Point> out = new ArrayList<>();
    for (long t = Math.floorDiv(start, MINUTE) * MINUTE + MINUTE; t < end; t += MINUTE) {
      long second = t / SECOND;
      if (gaps && Cdns.gap(second) && !metricType.equals("maxkbps")) {
        continue;
      }
      out.add(new Point(t, Cdns.metric(cdn, metricType, second)));
    }
    return out;
  }

  /**
   * Traffic Ops' {@code GROUP BY time(interval, offset)} offset: the whole seconds of {@code start}
   * (truncated, as Go's Duration division does) modulo the interval.
   */
  static long offset(long start, long intervalSeconds) {
    return (start / SECOND) % intervalSeconds * SECOND;
  }

  /**
   * The series InfluxDB answers for {@code sum(value)/count(value) … GROUP BY time(interval,
   * offset)}: every bucket from the one holding the first selectable instant ({@code start + 1 ns})
   * to the one holding the last ({@code end − 1 ns}), null where no point falls; no series at all
   * when no point was selected.
   */
  static List<Bucket> series(List<Point> points, long start, long end, long intervalSeconds) {
    if (points.isEmpty()) {
      return List.of();
    }
    long interval = intervalSeconds * SECOND;
    long offset = offset(start, intervalSeconds);
    List<Bucket> out = new ArrayList<>();
    int i = 0;
    for (long b = bucket(start + 1, interval, offset);
        b <= bucket(end - 1, interval, offset);
        b += interval) {
      double sum = 0;
      int n = 0;
      for (; i < points.size() && points.get(i).time() < b + interval; i++) {
        sum += points.get(i).value();
        n++;
      }
      out.add(new Bucket(b, n == 0 ? Double.NaN : sum / n));
    }
    return out;
  }

  private static long bucket(long t, long interval, long offset) {
    return t - Math.floorMod(t - offset, interval);
  }

  /**
   * The summary query's answer: InfluxDB's {@code mean} (summed in time order), {@code min}, {@code
   * max}, {@code count} and {@code percentile}; Traffic Ops serves a null 5th percentile (fewer
   * than ten points) as 0, and no point at all as the zero summary.
   */
  static Summary summary(List<Point> points) {
    int n = points.size();
    if (n == 0) {
      return new Summary(0, 0, 0, 0, 0, 0, 0);
    }
    double sum = 0;
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sum += points.get(i).value();
      sorted[i] = points.get(i).value();
    }
    java.util.Arrays.sort(sorted);
    return new Summary(
        sum / n,
        n,
        percentile(sorted, 5),
        sorted[n - 1],
        sorted[0],
        percentile(sorted, 98),
        percentile(sorted, 95));
  }

  /**
   * InfluxQL's {@code percentile()} of sorted values: nearest rank {@code floor(n × p / 100 +
   * 0.5)}; a rank outside 1..n is null in InfluxDB, which Traffic Ops serves as 0.
   */
  static double percentile(double[] sorted, int p) {
    int rank = (int) Math.floor(sorted.length * p / 100.0 + 0.5);
    return rank < 1 || rank > sorted.length ? 0 : sorted[rank - 1];
  }
}
