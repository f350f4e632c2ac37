package io.statsbridge.source.trafficops;

import io.statsbridge.source.MetricFamily;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code metricType}s of {@code cache_stats}. Bandwidth and capacity come in kbps and are
 * exported in bits per second (× 1000); connections are a plain count.
 */
enum MetricType {
  BANDWIDTH(
      "bandwidth", "bandwidth", "_bits_per_second", 1000, "Bandwidth served by the CDN's caches"),
  CONNECTIONS("connections", "connections", "", 1, "Client connections open on the CDN's caches"),
  MAXKBPS(
      "maxkbps", "capacity", "_bits_per_second", 1000, "Bandwidth capacity of the CDN's caches");

  final String api;
  final MetricFamily latest;
  final MetricFamily stats;
  final double multiplier;

  MetricType(String api, String name, String unit, double multiplier, String help) {
    this.api = api;
    this.multiplier = multiplier;
    this.latest =
        MetricFamily.gauge(
            "trafficops_cdn_" + name + unit,
            help + ": the latest non-null point of the polled window.");
    this.stats =
        MetricFamily.gauge(
            "trafficops_cdn_" + name + "_stats" + unit,
            help
                + ": Traffic Ops' summary of the polled window; stat is avg, min, max, p5, p95 or p98.");
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
