package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.demo.Cdns;
import io.statsbridge.demo.Monitored;
import io.statsbridge.testing.PrometheusServer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the real Prometheus holds for Traffic Ops and Dynatrace must be what the simulator served.
 */
final class SimulatorAgreement {
  private SimulatorAgreement() {}

  static void trafficOps(PrometheusServer prometheus) throws Exception {
    assertEquals(
        5e9,
        PrometheusEndToEndTest.queryValue(
            prometheus,
            "trafficops_cdn_capacity_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"}"));
    double bandwidth =
        PrometheusEndToEndTest.queryValue(
            prometheus,
            "trafficops_cdn_bandwidth_bytes_per_second{query=\"cdn\",cdn=\"cdn-east\"}");
    long now = System.currentTimeMillis() / 1000;
    Cdns.Cdn east = Cdns.cdn("cdn-east");
    List<Double> recent = new ArrayList<>();
    for (long t = now - 180; t <= now; t += 60) {
      recent.add(Cdns.bandwidthKbps(east, t) * 1000 / 8);
    }
    assertTrue(
        recent.contains(bandwidth),
        "bandwidth " + bandwidth + " is none of the simulator's latest " + recent);

    JsonNode caches = prometheus.query("trafficops_cache_healthy{query=\"cdn\"}");
    assertEquals(Cdns.CACHES.size(), caches.size(), "one series per cache, no ALL row: " + caches);
    JsonNode sick = prometheus.query("trafficops_cache_healthy{query=\"cdn\"} == 0");
    assertEquals(1, sick.size(), sick.toString());
    JsonNode labels = sick.get(0).path("metric");
    assertEquals("edge-05", labels.path("hostname").asText());
    assertEquals("CDN_in_a_Box_Edge", labels.path("cachegroup").asText());
    assertEquals("ATS_EDGE_TIER_CACHE", labels.path("profile").asText());
    assertEquals("REPORTED", labels.path("status").asText());
    // A one-minute window holds one point: too few for a 5th percentile, which is left out.
    assertEquals(
        5, prometheus.query("trafficops_cdn_connections_stats{cdn=\"CDN-in-a-Box\"}").size());
    assertEquals(0, prometheus.query("trafficops_cdn_connections_stats{stat=\"p5\"}").size());
  }

  static void dynatrace(PrometheusServer prometheus) throws Exception {
    long nowMillis = System.currentTimeMillis();
    checkAgainstSimulator(
        prometheus.query("dynatrace_host_cpu_idle_percent{query=\"dt_v1\"}"),
        "entity_id",
        Monitored.byV1("com.dynatrace.builtin:host.cpu.idle"),
        1,
        nowMillis);
    JsonNode v1 =
        prometheus.query(
            "dynatrace_host_cpu_idle_percent{query=\"dt_v1\",entity_id=\"HOST-0000000000000003\"}");
    if (!v1.isEmpty()) {
      assertEquals("db-1", v1.get(0).path("metric").path("entity_name").asText());
      assertEquals("avg", v1.get(0).path("metric").path("aggregation").asText());
    }
    checkAgainstSimulator(
        prometheus.query("dynatrace_service_response_time_seconds{query=\"dt_v2\"}"),
        "dt_entity_service",
        Monitored.byV2("builtin:service.response.time"),
        1e6,
        nowMillis);
  }

  /**
   * Each series' value is one of the simulator's last minutes, converted; at most one entity is in
   * a gap.
   */
  private static void checkAgainstSimulator(
      JsonNode series, String idLabel, Monitored.Metric metric, double divisor, long nowMillis) {
    assertTrue(series.size() >= metric.entities().size() - 1, "series: " + series);
    for (JsonNode s : series) {
      String id = s.path("metric").path(idLabel).asText();
      Monitored.Entity entity =
          metric.entities().stream()
              .filter(e -> e.id().equals(id))
              .findFirst()
              .orElseThrow(() -> new AssertionError("unknown entity " + id));
      double value = s.path("value").get(1).asDouble();
      List<Double> recent = new ArrayList<>();
      for (long t = nowMillis / 60_000 * 60_000 - 180_000; t <= nowMillis; t += 60_000) {
        recent.add(Monitored.value(metric, entity, t) / divisor);
      }
      assertTrue(
          recent.contains(value), id + ": " + value + " is none of the simulator's " + recent);
    }
  }
}
