package io.statsbridge.config;

import java.util.List;
import java.util.Optional;

/**
 * A metric family a query will export, as far as its config tells: its name, whether it is a
 * counter, and the query key that chose the name ({@code metric_name}) when the upstream's package
 * did not fix it. {@code --check-config} holds every query's families against each other and
 * against the exporter's own.
 */
public record ExportedFamily(String name, boolean counter, Optional<String> chosenBy) {
  /**
   * The exporter's own families: its self-metrics, the JVM's and the process's (simpleclient's
   * hotspot collectors) and its result cache's (Caffeine's collector). Every name under them is
   * kept for the exporter, those it may add later included.
   */
  public static final List<String> RESERVED_PREFIXES =
      List.of("statsbridge_", "jvm_", "process_", "caffeine_cache_");

  public static ExportedFamily gauge(String name) {
    return new ExportedFamily(name, false, Optional.empty());
  }

  public static ExportedFamily counter(String name) {
    return new ExportedFamily(name, true, Optional.empty());
  }

  /** A gauge whose name the query's {@code key} chose. */
  public static ExportedFamily chosenGauge(String name, String key) {
    return new ExportedFamily(name, false, Optional.of(key));
  }

  /**
   * Every name the family puts on /metrics: a gauge's own; a counter's family name (its HELP and
   * TYPE in OpenMetrics), {@code _total} and, in OpenMetrics, {@code _created}.
   */
  public List<String> names() {
    return counter ? List.of(name, name + "_total", name + "_created") : List.of(name);
  }

  /** Whether {@code name} is the exporter's own. */
  public static boolean reserved(String name) {
    return RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
  }

  String kind() {
    return counter ? "counter" : "gauge";
  }
}
