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
 * symbol ({@code PerMinute (count/min)}, the v1 spelling) or as the symbol alone ({@code
 * count/min}). The table covers both APIs' unit enums (v1 {@code TimeseriesDataPointQueryResult},
 * v2 {@code MetricDescriptor} and {@code MetricEvidence}); a unit with no base unit to convert to
 * (a logarithm, a calendar length, a state code) is in it too, as such, so that only a unit
 * Dynatrace adds later is unknown.
 */
final class Units {
  /**
   * A known unit: the suffix (may be empty) and the factor to the base unit as {@code multiplier /
   * divisor}, applied in decimal ({@link Decimals}): 888 count/min is exactly 14.8/s (× (1/60) gave
   * 14.799999999999999) and 42500 µs exactly 0.0425 s. {@code baseUnit} is false for a unit that
   * has no Prometheus base unit: its values are exported as they are, the suffix naming the unit
   * where it is one ({@code _months}).
   */
  record Conversion(String suffix, long multiplier, long divisor, boolean baseUnit) {
    static final Conversion NONE = new Conversion("", 1, 1, false);

    double apply(double value) {
      return Decimals.scale(value, multiplier, divisor);
    }

    /** For a HELP text: what was done to the values. */
    String describe() {
      return baseUnit ? "converted to base units" : "no base unit, exported as is";
    }
  }

  private static final Pattern NAME_AND_SYMBOL = Pattern.compile("(\\S+)\\s*\\((.*)\\)");
  private static final Map<String, Conversion> TABLE = new HashMap<>();

  private static void unit(String name, String symbol, String suffix, long factor) {
    unit(name, symbol, suffix, factor, 1);
  }

  private static void unit(
      String name, String symbol, String suffix, long multiplier, long divisor) {
    put(name, symbol, new Conversion(suffix, multiplier, divisor, true));
  }

  /** A unit with no base unit to convert to: exported as is, with {@code suffix}. */
  private static void noBaseUnit(String name, String symbol, String suffix) {
    put(name, symbol, new Conversion(suffix, 1, 1, false));
  }

  private static void put(String name, String symbol, Conversion c) {
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
    // Prefixes of a count: v1 spells them k, M, G; v2 Kilo, Mega, Giga.
    unit("Kilo", "k", "", 1000);
    unit("Mega", "M", "", 1_000_000);
    unit("Giga", "G", "", 1_000_000_000);
    unit("Million", "Mcount", "", 1_000_000);
    unit("Billion", "Gcount", "", 1_000_000_000);
    unit("Trillion", "Tcount", "", 1_000_000_000_000L);
    // Physical
    unit("Hertz", "Hz", "_hertz", 1);
    unit("Volt", "V", "_volts", 1);
    unit("Ampere", "A", "_amperes", 1);
    unit("Watt", "W", "_watts", 1);
    unit("Cores", null, "_cores", 1);
    // v1 spells it mCores, v2 MilliCores.
    unit("MilliCores", "mCores", "_cores", 1, 1000);
    unit("Pixel", "px", "_pixels", 1);
    unit("MetrePerSecond", "m/s", "_meters_per_second", 1);
    unit("MetrePerHour", "m/h", "_meters_per_second", 1, 3600);
    unit("KiloMetrePerHour", "km/h", "_meters_per_second", 1000, 3600);
    // No base unit. Values without a unit (v1 N/A, v2 NotApplicable, Unspecified) or a state code
    // keep no suffix. dBm is a logarithm of milliwatts: no factor makes it watts. A month and a
    // year have no fixed length in seconds, and Dynatrace names none. MSU (IBM's million service
    // units) is no physical unit.
    noBaseUnit("NotApplicable", "N/A", "");
    noBaseUnit("Unspecified", null, "");
    noBaseUnit("State", null, "");
    noBaseUnit("DecibelMilliWatt", "dBm", "_dbm");
    noBaseUnit("Month", "mos", "_months");
    noBaseUnit("Year", "ys", "_years");
    noBaseUnit("MSU", null, "_msu");
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
