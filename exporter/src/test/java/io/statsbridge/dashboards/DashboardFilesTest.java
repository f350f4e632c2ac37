package io.statsbridge.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What makes a dashboard importable anywhere: no fixed datasource, units, descriptions, links. */
class DashboardFilesTest {
  static final List<String> EXPECTED =
      List.of(
          "statsbridge-datadog-cnm.json",
          "statsbridge-dynatrace.json",
          "statsbridge-exporter.json",
          "statsbridge-traffic-ops.json");

  @Test
  void theFourDashboardsShip() throws Exception {
    assertEquals(
        EXPECTED, Dashboards.files().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void eachHasAStableUidTagsADatasourceVariableAndLinks() throws Exception {
    for (Path file : Dashboards.files()) {
      JsonNode d = Dashboards.read(file);
      String name = file.getFileName().toString();
      assertEquals(name.replace(".json", ""), d.path("uid").asText(), name);
      assertTrue(d.path("schemaVersion").asInt() >= 36, name);
      assertTrue(d.path("tags").toString().contains("\"statsbridge\""), name);
      JsonNode vars = d.path("templating").path("list");
      assertEquals("datasource", vars.get(0).path("name").asText(), name);
      assertEquals("datasource", vars.get(0).path("type").asText(), name);
      assertEquals("prometheus", vars.get(0).path("query").asText(), name);
      boolean hasQueryVar = false;
      for (JsonNode v : vars) {
        hasQueryVar |= v.path("name").asText().equals("query");
      }
      assertTrue(hasQueryVar, name + " has no query variable");
      JsonNode link = d.path("links").get(0);
      assertEquals("dashboards", link.path("type").asText(), name);
      assertTrue(link.path("tags").toString().contains("statsbridge"), name);
    }
  }

  @Test
  void noDatasourceUidIsHardCoded() throws Exception {
    for (Path file : Dashboards.files()) {
      List<String> bad = new java.util.ArrayList<>();
      walk(Dashboards.read(file), "", bad);
      assertTrue(bad.isEmpty(), file.getFileName() + ": " + bad);
    }
  }

  private static void walk(JsonNode node, String path, List<String> bad) {
    if (node.isObject()) {
      JsonNode ds = node.get("datasource");
      if (ds != null && ds.isObject()) {
        String uid = ds.path("uid").asText();
        boolean builtIn = ds.path("type").asText().equals("grafana");
        if (!builtIn && !uid.equals("${datasource}")) {
          bad.add(path + ".datasource.uid=" + uid);
        }
      } else if (ds != null && ds.isTextual() && !ds.asText().equals("${datasource}")) {
        bad.add(path + ".datasource=" + ds.asText());
      }
      node.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), bad));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", bad);
      }
    }
  }

  @Test
  void everyPanelHasAUnitADescriptionAndQueries() throws Exception {
    for (Path file : Dashboards.files()) {
      JsonNode d = Dashboards.read(file);
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        assertTrue(
            ids.add(p.path("id").asInt()),
            file.getFileName() + ": duplicate panel id " + p.path("id"));
      }
      for (JsonNode p : Dashboards.panels(d)) {
        String where = file.getFileName() + " / " + p.path("title").asText();
        assertFalse(p.path("description").asText().isBlank(), where + " has no description");
        assertFalse(
            p.path("fieldConfig").path("defaults").path("unit").asText().isBlank(),
            where + " has no unit");
        assertTrue(p.path("targets").size() > 0, where + " has no query");
        for (JsonNode t : p.path("targets")) {
          assertFalse(t.path("expr").asText().isBlank(), where);
        }
      }
    }
  }

  @Test
  void theDatadogDashboardFollowsAnyGroupBy() throws Exception {
    JsonNode d = Dashboards.read(Dashboards.DIR.resolve("statsbridge-datadog-cnm.json"));
    Map<String, JsonNode> vars = new HashMap<>();
    d.path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));
    for (String side : List.of("client", "server")) {
      JsonNode label = vars.get(side + "_label");
      assertNotNull(label, "no " + side + "_label variable");
      assertEquals("custom", label.path("type").asText(), side);
      assertEquals(side + "_service", label.path("current").path("value").asText(), side);
      String values = vars.get(side).path("definition").asText();
      assertTrue(values.endsWith(", $" + side + "_label)"), values);
      assertEquals(".+", vars.get(side).path("allValue").asText(), "All keeps pairs whole");
    }
    for (JsonNode p : Dashboards.panels(d)) {
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asText();
        String legend = t.path("legendFormat").asText();
        String where = p.path("title").asText() + ": " + expr;
        assertFalse(expr.matches("(?s).*\\b(client|server)_service\\b.*"), where);
        assertFalse(legend.matches("(?s).*\\b(client|server)_service\\b.*"), where);
        assertTrue(expr.contains("$client_label=~\"$client\", $server_label=~\"$server\""), where);
        Matcher by = Pattern.compile("by \\(([^)]*)\\)").matcher(expr);
        while (by.find()) {
          assertEquals("$client_label, $server_label", by.group(1), where);
        }
        if (expr.contains(" by (")) {
          assertTrue(legend.contains("{{$client_label}} → {{$server_label}}"), where);
        }
      }
    }
  }

  @Test
  void everyExporterFamilyIsOnADashboard() throws Exception {
    StringBuilder all = new StringBuilder();
    for (Path file : Dashboards.files()) {
      Dashboards.targets(Dashboards.read(file)).forEach(t -> all.append(t.expr()).append('\n'));
    }
    for (String family :
        List.of(
            "datadog_cnm_bytes_sent_by_client_total",
            "datadog_cnm_bytes_sent_by_server_total",
            "datadog_cnm_packets_sent_by_client_total",
            "datadog_cnm_tcp_refusals_total",
            "datadog_cnm_tcp_timeouts_total",
            "datadog_cnm_tcp_resets_total",
            "datadog_cnm_tcp_retransmits_total",
            "datadog_cnm_tcp_rtos_total",
            "datadog_cnm_tcp_delivered_ce_total",
            "datadog_cnm_tcp_rcv_ooo_packets_total",
            "datadog_cnm_tcp_probe0_total",
            "datadog_cnm_rtt_seconds",
            "datadog_cnm_tcp_established_connections_per_second",
            "datadog_cnm_tcp_closed_connections_per_second",
            "trafficops_cdn_bandwidth_bytes_per_second",
            "trafficops_cdn_capacity_bytes_per_second",
            "trafficops_cdn_connections",
            "trafficops_cdn_bandwidth_stats_bytes_per_second",
            "trafficops_cache_healthy",
            "trafficops_cache_bandwidth_bytes_per_second",
            "trafficops_cache_connections",
            "dynatrace_",
            "statsbridge_up",
            "statsbridge_polls_total",
            "statsbridge_poll_duration_seconds",
            "statsbridge_last_success_timestamp_seconds",
            "statsbridge_rows",
            "statsbridge_series",
            "statsbridge_query_truncated",
            "statsbridge_upstream_ratelimit_remaining",
            "statsbridge_query_no_data",
            "caffeine_cache_hit_total",
            "jvm_memory_bytes_used")) {
      assertTrue(all.indexOf(family) >= 0, family + " is on no dashboard");
    }
  }
}
