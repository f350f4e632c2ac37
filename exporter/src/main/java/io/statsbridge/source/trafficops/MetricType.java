package io.statsbridge.source.trafficops;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.Decimals;
import io.statsbridge.exposition.MetricFamily;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code metricType}s of {@code cache_stats}. Bandwidth and capacity come in kbps and are
 * exported in Prometheus' base unit, bytes per second (× 1000 ÷ 8); connections are a plain count.
 */
enum MetricType {
  BANDWIDTH(
      "bandwidth", "bandwidth", "_bytes_per_second", true, "Bandwidth served by the CDN's caches"),
  CONNECTIONS(
      "connections", "connections", "", false, "Client connections open on the CDN's caches"),
  MAXKBPS(
      "maxkbps", "capacity", "_bytes_per_second", true, "Bandwidth capacity of the CDN's caches");

  final String api;
  final MetricFamily latest;
  final MetricFamily stats;
  private final boolean kbps;

  MetricType(String api, String name, String unit, boolean kbps, String help) {
    this.api = api;
    this.kbps = kbps;
    // Two rows of one CDN come from a CDN listed twice: the same question asked twice, whose
    // first answer wins.
    this.latest =
        MetricFamily.gauge(
            "trafficops_cdn_" + name + unit,
            help + ": the latest non-null point of the polled window.",
            Combine.first());
    this.stats =
        MetricFamily.gauge(
            "trafficops_cdn_" + name + "_stats" + unit,
            help
                + ": Traffic Ops' summary of the polled window; stat is avg, min, max, p5, p95 or p98.",
            Combine.first());
  }

  /** An upstream value in the exported unit. */
  double exported(double value) {
    return kbps ? bytesPerSecond(value) : value;
  }

  /** kbps → bytes per second, in decimal: 2.01 kbps is exactly 251.25 B/s. */
  static double bytesPerSecond(double kbps) {
    return Decimals.scale(kbps, 1000, 8);
  }

  static Optional<MetricType> of(String api) {
    for (MetricType t : values()) {
      if (t.api.equals(api.toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
