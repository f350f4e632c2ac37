package io.statsbridge.source;

import java.util.regex.Pattern;

/**
 * A metric family a source produces. For counters {@code name} is the family name without {@code
 * _total} (as OpenMetrics wants it); the sample name adds the suffix.
 */
public record MetricFamily(String name, String help, Kind kind) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  public enum Kind {
    GAUGE,
    COUNTER
  }

  public MetricFamily {
    if (!NAME.matcher(name).matches() || name.endsWith("_total")) {
      throw new IllegalArgumentException("bad family name " + name);
    }
  }

  public static MetricFamily gauge(String name, String help) {
    return new MetricFamily(name, help, Kind.GAUGE);
  }

  public static MetricFamily counter(String name, String help) {
    return new MetricFamily(name, help, Kind.COUNTER);
  }

  public String sampleName() {
    return kind == Kind.COUNTER ? name + "_total" : name;
  }
}
