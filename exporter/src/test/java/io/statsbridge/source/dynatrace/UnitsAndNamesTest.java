package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitsAndNamesTest {
  private static void converts(String unit, double value, String suffix, double expected) {
    Units.Conversion c =
        Units.of(unit).orElseThrow(() -> new AssertionError("unknown unit " + unit));
    assertEquals(suffix, c.suffix(), unit);
    assertEquals(expected, c.apply(value), Math.abs(expected) * 1e-12, unit);
  }

  @Test
  void timeUnitsBecomeSeconds() {
    converts("MilliSecond", 1500, "_seconds", 1.5);
    converts("MicroSecond (µs)", 42500, "_seconds", 0.0425);
    converts("ns", 2_000_000_000, "_seconds", 2);
    converts("Minute (mins)", 2, "_seconds", 120);
    converts("Hour", 1, "_seconds", 3600);
    converts("MilliSecondPerMinute (ms/min)", 60_000, "_seconds_per_second", 1);
    assertEquals(0.0425, Units.of("MicroSecond").orElseThrow().apply(42500));
  }

  @Test
  void byteAndBitUnitsBecomeBytes() {
    converts("KiloByte", 2, "_bytes", 2000);
    converts("KibiByte (KiB)", 2, "_bytes", 2048);
    converts("GigaByte", 1, "_bytes", 1e9);
    converts("MebiBytePerSecond (MiB/s)", 1, "_bytes_per_second", 1048576);
    converts("KiloBytePerMinute", 60, "_bytes_per_second", 1000);
    // Bits are not a Prometheus base unit (promtool check metrics flags _bits names).
    converts("Bit (bit)", 12, "_bytes", 1.5);
    converts("BitPerSecond (bit/s)", 8, "_bytes_per_second", 1);
    converts("bit/min", 480, "_bytes_per_second", 1);
    converts("BitPerHour", 3600, "_bytes_per_second", 0.125);
  }

  @Test
  void ratesPercentAndCounts() {
    converts("PerMinute (count/min)", 120, "_per_second", 2);
    converts("count/min", 120, "_per_second", 2);
    converts("PerSecond", 3, "_per_second", 3);
    converts("PerHour (count/h)", 7200, "_per_second", 2);
    converts("Percent", 55.5, "_percent", 55.5);
    converts("%", 55.5, "_percent", 55.5);
    converts("Promille (‰)", 5, "_ratio", 0.005);
    converts("Count (count)", 7, "", 7);
    converts("Million (Mcount)", 2, "", 2e6);
    converts("mCores", 250, "_cores", 0.25);
  }

  @Test
  void v2SpellingsConvertAsTheirV1Twins() {
    // v2 descriptors say MilliCores and Kilo where v1 said mCores and k: 1500 was exported as 1500.
    converts("MilliCores", 1500, "_cores", 1.5);
    converts("Kilo", 2.5, "", 2500);
    converts("Mega", 2.5, "", 2.5e6);
    converts("Giga", 2, "", 2e9);
    converts("KiloMetrePerHour", 36, "_meters_per_second", 10);
  }

  @Test
  void unitsWithoutABaseUnitAreKnownAndKeptAsTheyAre() {
    for (String unit : List.of("NotApplicable", "N/A", "Unspecified", "State")) {
      Units.Conversion c = Units.of(unit).orElseThrow();
      assertEquals("", c.suffix(), unit);
      assertEquals(7.5, c.apply(7.5), unit);
      assertFalse(c.baseUnit(), unit);
    }
    assertEquals("_months", Units.of("Month").orElseThrow().suffix());
    assertEquals("_years", Units.of("Year (ys)").orElseThrow().suffix());
    assertEquals(3, Units.of("Month").orElseThrow().apply(3));
  }

  @Test
  void decimalValuesStayExact() {
    // 888 requests a minute is 14.8 a second; × (1/60) gave 14.799999999999999 on /metrics.
    assertEquals(14.8, Units.of("PerMinute (count/min)").orElseThrow().apply(888));
    assertEquals(0.00115, Units.of("count/min").orElseThrow().apply(0.069));
    assertEquals(2.01e6, Units.of("MegaByte").orElseThrow().apply(2.01));
    assertEquals(251.25, Units.of("KiloBytePerMinute").orElseThrow().apply(15.075));
    assertEquals(0.0425, Units.of("MicroSecond").orElseThrow().apply(42500));
  }

  @Test
  void unknownUnitsAreEmpty() {
    assertTrue(Units.of("Furlong").isEmpty());
    assertTrue(Units.of("").isEmpty());
    assertTrue(Units.of(null).isEmpty());
  }

  @Test
  void namesComeFromTheIdAfterItsPrefixInSnakeCase() {
    Map<String, String> cases =
        Map.of(
            "com.dynatrace.builtin:host.cpu.idle", "dynatrace_host_cpu_idle_percent",
            "builtin:host.cpu.usage", "dynatrace_host_cpu_usage_percent",
            "builtin:host.cpu.usage:avg", "dynatrace_host_cpu_usage_percent",
            "builtin:service.response.time:splitBy(\"dt.entity.service\")",
                "dynatrace_service_response_time_percent",
            "my.custom.metric:max", "dynatrace_my_custom_metric_percent",
            "com.dynatrace.builtin:app.actionspersession",
                "dynatrace_app_actionspersession_percent",
            "builtin:apps.web.actionCount.category",
                "dynatrace_apps_web_action_count_category_percent");
    cases.forEach((id, name) -> assertEquals(name, Naming.metricName(id, "_percent"), id));
  }

  @Test
  void gaugeNamesNeverEndInCounterOrHistogramSuffixes() {
    assertEquals(
        "dynatrace_service_request_count_value",
        Naming.metricName("builtin:service.requestCount.total", ""));
    assertEquals(
        "dynatrace_service_errors_count_value",
        Naming.metricName("builtin:service.errors.count", ""));
  }

  @Test
  void aRateOfATotalIsNamedWithoutTotal() {
    assertEquals(
        "dynatrace_service_request_count_per_second",
        Naming.metricName("builtin:service.requestCount.total", "_per_second"));
    assertEquals(
        "dynatrace_host_net_nic_bytes_per_second",
        Naming.metricName("builtin:host.net.nic.total", "_bytes_per_second"));
    assertEquals(
        "dynatrace_service_errors_count_per_second",
        Naming.metricName("builtin:service.errors.count", "_per_second"));
  }

  @Test
  void aTotalBeforeAPlainUnitIsATotalSizeAndStays() {
    assertEquals(
        "dynatrace_host_mem_total_bytes", Naming.metricName("builtin:host.mem.total", "_bytes"));
  }
}
