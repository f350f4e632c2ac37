package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every unit of Dynatrace's unit enums, read from the published specs: each is in the table, either
 * converted to a Prometheus base unit or explicitly without one, and 1500 of it is the number
 * below. A unit the specs gain, or the table loses, fails here.
 */
class UnitsOfTheSpecsTest {
  /** What 1500 of a unit becomes; {@code base} false for a unit exported as is. */
  record Expected(String suffix, double of1500, boolean base) {}

  private static Expected to(String suffix, double of1500) {
    return new Expected(suffix, of1500, true);
  }

  private static Expected asIs(String suffix) {
    return new Expected(suffix, 1500, false);
  }

  private static final double KI = 1024;
  private static final double MI = 1024 * KI;
  private static final double GI = 1024 * MI;

  /** By unit name (v1's {@code "Name (symbol)"} is looked up by its name) or bare symbol. */
  static final Map<String, Expected> EXPECTED =
      Map.ofEntries(
          Map.entry("Ampere", to("_amperes", 1500)),
          Map.entry("Billion", to("", 1.5e12)),
          Map.entry("Bit", to("_bytes", 187.5)),
          Map.entry("BitPerHour", to("_bytes_per_second", 1500 / 28800.0)),
          Map.entry("BitPerMinute", to("_bytes_per_second", 3.125)),
          Map.entry("BitPerSecond", to("_bytes_per_second", 187.5)),
          Map.entry("Byte", to("_bytes", 1500)),
          Map.entry("BytePerHour", to("_bytes_per_second", 1500 / 3600.0)),
          Map.entry("BytePerMinute", to("_bytes_per_second", 25)),
          Map.entry("BytePerSecond", to("_bytes_per_second", 1500)),
          Map.entry("Cores", to("_cores", 1500)),
          Map.entry("Count", to("", 1500)),
          Map.entry("Day", to("_seconds", 1500 * 86400.0)),
          Map.entry("DecibelMilliWatt", asIs("_dbm")),
          Map.entry("G", to("", 1.5e12)),
          Map.entry("GibiByte", to("_bytes", 1500 * GI)),
          Map.entry("GibiBytePerHour", to("_bytes_per_second", 1500 * GI / 3600)),
          Map.entry("GibiBytePerMinute", to("_bytes_per_second", 1500 * GI / 60)),
          Map.entry("GibiBytePerSecond", to("_bytes_per_second", 1500 * GI)),
          Map.entry("Giga", to("", 1.5e12)),
          Map.entry("GigaByte", to("_bytes", 1.5e12)),
          Map.entry("GigaBytePerHour", to("_bytes_per_second", 1.5e12 / 3600)),
          Map.entry("GigaBytePerMinute", to("_bytes_per_second", 2.5e10)),
          Map.entry("GigaBytePerSecond", to("_bytes_per_second", 1.5e12)),
          Map.entry("Hertz", to("_hertz", 1500)),
          Map.entry("Hour", to("_seconds", 5.4e6)),
          Map.entry("KibiByte", to("_bytes", 1500 * KI)),
          Map.entry("KibiBytePerHour", to("_bytes_per_second", 1500 * KI / 3600)),
          Map.entry("KibiBytePerMinute", to("_bytes_per_second", 25600)),
          Map.entry("KibiBytePerSecond", to("_bytes_per_second", 1500 * KI)),
          Map.entry("Kilo", to("", 1.5e6)),
          Map.entry("KiloByte", to("_bytes", 1.5e6)),
          Map.entry("KiloBytePerHour", to("_bytes_per_second", 1.5e6 / 3600)),
          Map.entry("KiloBytePerMinute", to("_bytes_per_second", 25000)),
          Map.entry("KiloBytePerSecond", to("_bytes_per_second", 1.5e6)),
          Map.entry("KiloMetrePerHour", to("_meters_per_second", 1500 / 3.6)),
          Map.entry("M", to("", 1.5e9)),
          Map.entry("MSU", asIs("_msu")),
          Map.entry("MebiByte", to("_bytes", 1500 * MI)),
          Map.entry("MebiBytePerHour", to("_bytes_per_second", 1500 * MI / 3600)),
          Map.entry("MebiBytePerMinute", to("_bytes_per_second", 1500 * MI / 60)),
          Map.entry("MebiBytePerSecond", to("_bytes_per_second", 1500 * MI)),
          Map.entry("Mega", to("", 1.5e9)),
          Map.entry("MegaByte", to("_bytes", 1.5e9)),
          Map.entry("MegaBytePerHour", to("_bytes_per_second", 1.5e9 / 3600)),
          Map.entry("MegaBytePerMinute", to("_bytes_per_second", 2.5e7)),
          Map.entry("MegaBytePerSecond", to("_bytes_per_second", 1.5e9)),
          Map.entry("MetrePerHour", to("_meters_per_second", 1500 / 3600.0)),
          Map.entry("MetrePerSecond", to("_meters_per_second", 1500)),
          Map.entry("MicroSecond", to("_seconds", 0.0015)),
          Map.entry("MilliCores", to("_cores", 1.5)),
          Map.entry("MilliSecond", to("_seconds", 1.5)),
          Map.entry("MilliSecondPerMinute", to("_seconds_per_second", 0.025)),
          Map.entry("Million", to("", 1.5e9)),
          Map.entry("Minute", to("_seconds", 90000)),
          Map.entry("Month", asIs("_months")),
          Map.entry("N/A", asIs("")),
          Map.entry("NanoSecond", to("_seconds", 1.5e-6)),
          Map.entry("NanoSecondPerMinute", to("_seconds_per_second", 2.5e-8)),
          Map.entry("NotApplicable", asIs("")),
          Map.entry("PerHour", to("_per_second", 1500 / 3600.0)),
          Map.entry("PerMinute", to("_per_second", 25)),
          Map.entry("PerSecond", to("_per_second", 1500)),
          Map.entry("Percent", to("_percent", 1500)),
          Map.entry("Pixel", to("_pixels", 1500)),
          Map.entry("Promille", to("_ratio", 1.5)),
          Map.entry("Ratio", to("_ratio", 1500)),
          Map.entry("Second", to("_seconds", 1500)),
          Map.entry("State", asIs("")),
          Map.entry("Trillion", to("", 1.5e15)),
          Map.entry("Unspecified", asIs("")),
          Map.entry("Volt", to("_volts", 1500)),
          Map.entry("Watt", to("_watts", 1500)),
          Map.entry("Week", to("_seconds", 1500 * 604800.0)),
          Map.entry("Year", asIs("_years")),
          Map.entry("k", to("", 1.5e6)),
          Map.entry("km/h", to("_meters_per_second", 1500 / 3.6)),
          Map.entry("m/h", to("_meters_per_second", 1500 / 3600.0)),
          Map.entry("m/s", to("_meters_per_second", 1500)),
          Map.entry("mCores", to("_cores", 1.5)));

  static List<String> v2Units() {
    return VendorSpecs.v2Units();
  }

  static List<String> v1Units() {
    return VendorSpecs.v1Units();
  }

  private static void convertsAsExpected(String unit) {
    Expected expected = EXPECTED.get(unit.replaceFirst(" \\(.*\\)$", ""));
    assertTrue(expected != null, "the test has no expectation for " + unit);
    Units.Conversion c =
        Units.of(unit).orElseThrow(() -> new AssertionError(unit + " is not in Units' table"));
    assertEquals(expected.suffix(), c.suffix(), unit);
    assertEquals(expected.of1500(), c.apply(1500), Math.abs(expected.of1500()) * 1e-15, unit);
    assertEquals(expected.base(), c.baseUnit(), unit);
  }

  @ParameterizedTest(name = "v2 {0}")
  @MethodSource("v2Units")
  void everyV2UnitIsConvertedOrExplicitlyHasNoBaseUnit(String unit) {
    convertsAsExpected(unit);
  }

  @ParameterizedTest(name = "v1 {0}")
  @MethodSource("v1Units")
  void everyV1UnitIsConvertedOrExplicitlyHasNoBaseUnit(String unit) {
    convertsAsExpected(unit);
  }

  @org.junit.jupiter.api.Test
  void theSpecsListTheUnitsTheIssueNamed() {
    // Guards the fixture reading: an empty enum would make the tests above pass vacuously.
    assertTrue(
        v2Units().containsAll(List.of("Kilo", "Mega", "Giga", "MilliCores", "NotApplicable")),
        v2Units().toString());
    assertTrue(v2Units().containsAll(List.of("Month", "Year", "KiloMetrePerHour", "Trillion")));
    assertTrue(v1Units().containsAll(List.of("Month (mos)", "N/A", "km/h", "mCores")));
  }
}
