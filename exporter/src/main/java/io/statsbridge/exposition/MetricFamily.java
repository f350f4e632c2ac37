package io.statsbridge.exposition;

import java.util.regex.Pattern;

/**
 * A metric family a source produces. For counters {@code name} is the family name without {@code
 * _total} (as OpenMetrics wants it); the sample name adds the suffix.
 *
 * @param combine how rows of one window with one label set make one sample: a counter's window
 *     totals always add up; a gauge declares what its rows mean (by default the first row with a
 *     value wins)
 */
public record MetricFamily(String name, String help, Kind kind, Combine combine) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  public enum Kind {
    GAUGE,
    COUNTER
  }

  public MetricFamily {
    if (!NAME.matcher(name).matches() || name.endsWith("_total")) {
      throw new IllegalArgumentException("bad family name " + name);
    }
    if (kind == Kind.COUNTER && combine.mode() != Combine.Mode.SUM) {
      throw new IllegalArgumentException("counter " + name + " must sum its rows, not " + combine);
    }
  }

  public MetricFamily(String name, String help, Kind kind) {
    this(name, help, kind, kind == Kind.COUNTER ? Combine.sum() : Combine.first());
  }

  public static MetricFamily gauge(String name, String help) {
    return new MetricFamily(name, help, Kind.GAUGE);
  }

  public static MetricFamily gauge(String name, String help, Combine combine) {
    return new MetricFamily(name, help, Kind.GAUGE, combine);
  }

  public static MetricFamily counter(String name, String help) {
    return new MetricFamily(name, help, Kind.COUNTER);
  }

  public String sampleName() {
    return kind == Kind.COUNTER ? name + "_total" : name;
  }
}
