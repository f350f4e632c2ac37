package io.statsbridge.source.dynatrace;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynatrace units → Prometheus base units. Each entry gives the metric-name suffix and the factor
 * that converts a value to it. A unit may arrive as its name ({@code PerMinute}), as name and
 * symbol ({@code PerMinute (count/min)}) or as the symbol alone ({@code count/min}).
 */
final class Units {
  /**
   * A known unit: the suffix (may be empty) and the factor to the base unit as {@code multiplier /
   * divisor}, so that 42500 µs becomes exactly 0.0425 s (× 1e-6 would give 0.042499999999999996).
   */
  record Conversion(String suffix, double multiplier, double divisor) {
    double apply(double value) {
      return value * multiplier / divisor;
    }
  }

  private static final Pattern NAME_AND_SYMBOL = Pattern.compile("(\\S+)\\s*\\((.*)\\)");
  private static final Map<String, Conversion> TABLE = new HashMap<>();

  private static void unit(String name, String symbol, String suffix, double factor) {
    unit(name, symbol, suffix, factor, 1);
  }

  private static void unit(
      String name, String symbol, String suffix, double multiplier, double divisor) {
    Conversion c = new Conversion(suffix, multiplier, divisor);
    TABLE.put(name.toLowerCase(Locale.ROOT), c);
    if (symbol != null) {
      TABLE.put(symbol.toLowerCase(Locale.ROOT), c);
    }
  }

  static {
    // Time
    unit("NanoSecond", "ns", "_seconds", 1, 1e9);
    unit("MicroSecond", "µs", "_seconds", 1, 1e6);
    unit("MilliSecond", "ms", "_seconds", 1, 1e3);
    unit("Second", "s", "_seconds", 1);
    unit("Minute", "mins", "_seconds", 60);
    unit("Hour", "hs", "_seconds", 3600);
    unit("Day", "ds", "_seconds", 86_400);
    unit("Week", "ws", "_seconds", 604_800);
    unit("MilliSecondPerMinute", "ms/min", "_seconds_per_second", 1, 60e3);
    unit("NanoSecondPerMinute", "ns/min", "_seconds_per_second", 1, 60e9);
    // Bytes and bits
    unit("Byte", "B", "_bytes", 1);
    unit("KiloByte", "kB", "_bytes", 1e3);
    unit("MegaByte", "MB", "_bytes", 1e6);
    unit("GigaByte", "GB", "_bytes", 1e9);
    unit("KibiByte", "KiB", "_bytes", 1024);
    unit("MebiByte", "MiB", "_bytes", 1024.0 * 1024);
    unit("GibiByte", "GiB", "_bytes", 1024.0 * 1024 * 1024);
    unit("Bit", "bit", "_bits", 1);
    String[][] perTime = {{"Second", "s", "1"}, {"Minute", "min", "60"}, {"Hour", "h", "3600"}};
    String[][] bytes = {
      {"Byte", "B", "1"},
      {"KiloByte", "kB", "1e3"},
      {"MegaByte", "MB", "1e6"},
      {"GigaByte", "GB", "1e9"},
      {"KibiByte", "KiB", "1024"},
      {"MebiByte", "MiB", "1048576"},
      {"GibiByte", "GiB", "1073741824"}
    };
    for (String[] t : perTime) {
      double per = Double.parseDouble(t[2]);
      for (String[] b : bytes) {
        unit(
            b[0] + "Per" + t[0],
            b[1] + "/" + t[1],
            "_bytes_per_second",
            Double.parseDouble(b[2]) / per);
      }
      unit("BitPer" + t[0], "bit/" + t[1], "_bits_per_second", 1 / per);
      // Rates of events
      unit("Per" + t[0], "count/" + t[1], "_per_second", 1 / per);
    }
    // Ratios
    unit("Percent", "%", "_percent", 1);
    unit("Promille", "‰", "_ratio", 1, 1e3);
    unit("Ratio", null, "_ratio", 1);
    // Plain counts: no suffix (a _count suffix would read as a histogram's)
    unit("Count", "count", "", 1);
    unit("k", null, "", 1e3);
    unit("M", null, "", 1e6);
    unit("G", null, "", 1e9);
    unit("Million", "Mcount", "", 1e6);
    unit("Billion", "Gcount", "", 1e9);
    unit("Trillion", "Tcount", "", 1e12);
    unit("Unspecified", null, "", 1);
    unit("N/A", null, "", 1);
    // Physical
    unit("Hertz", "Hz", "_hertz", 1);
    unit("Volt", "V", "_volts", 1);
    unit("Ampere", "A", "_amperes", 1);
    unit("Watt", "W", "_watts", 1);
    unit("Cores", null, "_cores", 1);
    unit("mCores", null, "_cores", 1, 1e3);
    unit("Pixel", "px", "_pixels", 1);
  }

  private Units() {}

  /** The conversion for a unit as Dynatrace spells it, if it is in the table. */
  static Optional<Conversion> of(String unit) {
    if (unit == null || unit.isBlank()) {
      return Optional.empty();
    }
    String u = unit.strip();
    Matcher m = NAME_AND_SYMBOL.matcher(u);
    if (m.matches()) {
      Conversion byName = TABLE.get(m.group(1).toLowerCase(Locale.ROOT));
      return Optional.ofNullable(
          byName != null ? byName : TABLE.get(m.group(2).toLowerCase(Locale.ROOT)));
    }
    Conversion exact = TABLE.get(u.toLowerCase(Locale.ROOT));
    // Symbols differ only by case for a few units (MB vs mb); prefer the exact spelling's entry.
    return Optional.ofNullable(exact);
  }
}
