package io.statsbridge.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.RealBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules, their promtool tests and the example Alertmanager config, with the real tools.
 */
class AlertRulesTest {
  static final Path ALERTS = Path.of("..", "alerts").toAbsolutePath().normalize();
  static final List<String> REQUIRED =
      List.of(
          "DatadogCnmTcpRefusals",
          "DatadogCnmTcpTimeouts",
          "DatadogCnmRetransmitRatioHigh",
          "DatadogCnmRttHigh",
          "TrafficOpsCdnNearCapacity",
          "TrafficOpsCacheUnhealthy",
          "StatsbridgeQueryFailing",
          "StatsbridgeDataStale",
          "StatsbridgeRateLimited",
          "StatsbridgeQueryTruncated",
          "StatsbridgeConfigReloadFailed");

  static List<JsonNode> rules() throws Exception {
    JsonNode root = new YAMLMapper().readTree(ALERTS.resolve("statsbridge.rules.yml").toFile());
    List<JsonNode> out = new java.util.ArrayList<>();
    root.path("groups").forEach(g -> g.path("rules").forEach(out::add));
    return out;
  }

  private static void runs(List<String> command) throws Exception {
    Processes.Result r = Processes.run(command, new byte[0], ALERTS);
    assertEquals(0, r.exitCode(), String.join(" ", command) + "\n" + r.output());
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    runs(
        List.of(
            RealBinary.require("promtool").toString(), "check", "rules", "statsbridge.rules.yml"));
  }

  @Test
  void promtoolRuleTestsPass() throws Exception {
    runs(
        List.of(
            RealBinary.require("promtool").toString(),
            "test",
            "rules",
            "tests/statsbridge.rules.test.yml"));
  }

  @Test
  void amtoolAcceptsTheAlertmanagerExample() throws Exception {
    runs(List.of(RealBinary.require("amtool").toString(), "check-config", "alertmanager.yml"));
  }

  @Test
  void everyAlertHasForSeveritySummaryDescriptionAndARunbookSection() throws Exception {
    String runbook = Files.readString(ALERTS.resolve("RUNBOOK.md"));
    Set<String> names = new HashSet<>();
    for (JsonNode rule : rules()) {
      String name = rule.path("alert").asText();
      names.add(name);
      assertFalse(rule.path("for").asText().isEmpty(), name + " has no for:");
      assertTrue(
          List.of("critical", "warning").contains(rule.path("labels").path("severity").asText()),
          name);
      assertFalse(rule.path("annotations").path("summary").asText().isEmpty(), name);
      assertTrue(
          rule.path("annotations").path("description").asText().contains("{{"),
          name + " description names no labels or value");
      String url = rule.path("annotations").path("runbook_url").asText();
      assertTrue(
          url.endsWith("alerts/RUNBOOK.md#" + name.toLowerCase(Locale.ROOT)), name + ": " + url);
      assertTrue(runbook.contains("\n## " + name + "\n"), name + " has no RUNBOOK.md section");
    }
    assertTrue(
        names.containsAll(REQUIRED),
        "missing: " + REQUIRED.stream().filter(n -> !names.contains(n)).toList());
  }

  @Test
  void everyAlertHasAFiringAndASilentCase() throws Exception {
    JsonNode tests =
        new YAMLMapper().readTree(ALERTS.resolve("tests/statsbridge.rules.test.yml").toFile());
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode test : tests.path("tests")) {
      int seriesCount = test.path("input_series").size();
      for (JsonNode check : test.path("alert_rule_test")) {
        String name = check.path("alertname").asText();
        int expected = check.path("exp_alerts").size();
        (expected > 0 ? fires : silent).add(name);
        // A firing case with more input series than alerts also proves the others stay silent.
        if (expected > 0 && expected < seriesCount) {
          silent.add(name);
        }
      }
    }
    for (JsonNode rule : rules()) {
      String name = rule.path("alert").asText();
      assertTrue(fires.contains(name), name + " has no firing case");
      assertTrue(silent.contains(name), name + " has no silent case");
    }
  }
}
