package io.statsbridge.source.dynatrace;

import io.statsbridge.exposition.Decimals;
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
   * divisor}, applied in decimal ({@link Decimals}): 888 count/min is exactly 14.8/s (× (1/60) gave
   * 14.799999999999999) and 42500 µs exactly 0.0425 s.
   */
  record Conversion(String suffix, long multiplier, long divisor) {
    static final Conversion NONE = new Conversion("", 1, 1);

    double apply(double value) {
      return Decimals.scale(value, multiplier, divisor);
    }
  }

  private static final Pattern NAME_AND_SYMBOL = Pattern.compile("(\\S+)\\s*\\((.*)\\)");
  private static final Map<String, Conversion> TABLE = new HashMap<>();

  private static void unit(String name, String symbol, String suffix, long factor) {
    unit(name, symbol, suffix, factor, 1);
  }

  private static void unit(
      String name, String symbol, String suffix, long multiplier, long divisor) {
    Conversion c = new Conversion(suffix, multiplier, divisor);
    TABLE.put(name.toLowerCase(Locale.ROOT), c);
    if (symbol != null) {
      TABLE.put(symbol.toLowerCase(Locale.ROOT), c);
    }
  }

  static {
    // Time
    unit("NanoSecond", "ns", "_seconds", 1, 1_000_000_000);
    unit("MicroSecond", "µs", "_seconds", 1, 1_000_000);
    unit("MilliSecond", "ms", "_seconds", 1, 1000);
    unit("Second", "s", "_seconds", 1);
    unit("Minute", "mins", "_seconds", 60);
    unit("Hour", "hs", "_seconds", 3600);
    unit("Day", "ds", "_seconds", 86_400);
    unit("Week", "ws", "_seconds", 604_800);
    unit("MilliSecondPerMinute", "ms/min", "_seconds_per_second", 1, 60_000);
    unit("NanoSecondPerMinute", "ns/min", "_seconds_per_second", 1, 60_000_000_000L);
    // Bytes
    unit("Byte", "B", "_bytes", 1);
    unit("KiloByte", "kB", "_bytes", 1000);
    unit("MegaByte", "MB", "_bytes", 1_000_000);
    unit("GigaByte", "GB", "_bytes", 1_000_000_000);
    unit("KibiByte", "KiB", "_bytes", 1024);
    unit("MebiByte", "MiB", "_bytes", 1024L * 1024);
    unit("GibiByte", "GiB", "_bytes", 1024L * 1024 * 1024);
    // Bits become bytes: Prometheus' base unit (promtool check metrics flags _bits names).
    unit("Bit", "bit", "_bytes", 1, 8);
    String[][] perTime = {{"Second", "s", "1"}, {"Minute", "min", "60"}, {"Hour", "h", "3600"}};
    String[][] bytes = {
      {"Byte", "B", "1"},
      {"KiloByte", "kB", "1000"},
      {"MegaByte", "MB", "1000000"},
      {"GigaByte", "GB", "1000000000"},
      {"KibiByte", "KiB", "1024"},
      {"MebiByte", "MiB", "1048576"},
      {"GibiByte", "GiB", "1073741824"}
    };
    for (String[] t : perTime) {
      long per = Long.parseLong(t[2]);
      for (String[] b : bytes) {
        unit(
            b[0] + "Per" + t[0], b[1] + "/" + t[1], "_bytes_per_second", Long.parseLong(b[2]), per);
      }
      unit("BitPer" + t[0], "bit/" + t[1], "_bytes_per_second", 1, 8 * per);
      // Rates of events
      unit("Per" + t[0], "count/" + t[1], "_per_second", 1, per);
    }
    // Ratios
    unit("Percent", "%", "_percent", 1);
    unit("Promille", "‰", "_ratio", 1, 1000);
    unit("Ratio", null, "_ratio", 1);
    // Plain counts: no suffix (a _count suffix would read as a histogram's)
    unit("Count", "count", "", 1);
    unit("k", null, "", 1000);
    unit("M", null, "", 1_000_000);
    unit("G", null, "", 1_000_000_000);
    unit("Million", "Mcount", "", 1_000_000);
    unit("Billion", "Gcount", "", 1_000_000_000);
    unit("Trillion", "Tcount", "", 1_000_000_000_000L);
    unit("Unspecified", null, "", 1);
    unit("N/A", null, "", 1);
    // Physical
    unit("Hertz", "Hz", "_hertz", 1);
    unit("Volt", "V", "_volts", 1);
    unit("Ampere", "A", "_amperes", 1);
    unit("Watt", "W", "_watts", 1);
    unit("Cores", null, "_cores", 1);
    unit("mCores", null, "_cores", 1, 1000);
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
