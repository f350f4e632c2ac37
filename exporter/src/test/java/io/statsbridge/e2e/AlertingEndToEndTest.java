package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.app.App;
import io.statsbridge.demo.Bursts;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.status.Outcome;
import io.statsbridge.testing.AlertmanagerServer;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.PrometheusServer;
import io.statsbridge.testing.RealBinary;
import io.statsbridge.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules and Alertmanager config, end to end: the simulator's burst switch makes
 * one pair refuse and another time out; the real Prometheus evaluates alerts/statsbridge.rules.yml
 * (ranges and for: shortened for a test that lasts seconds) and the real Alertmanager routes them
 * through alerts/alertmanager.yml to a webhook here. Nothing fires before the bursts.
 */
class AlertingEndToEndTest {
  static final Path ALERTS = Path.of("..", "alerts").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** The shipped rules with test-speed ranges: 15m windows → 20s, every for: → 0s. */
  static String fastRules() throws Exception {
    return Files.readString(ALERTS.resolve("statsbridge.rules.yml"))
        .replace("[15m]", "[20s]")
        .replaceAll("for: \\d+m", "for: 0s");
  }

  /** The shipped Alertmanager config, delivering to the test's webhook without waiting. */
  static String fastAlertmanager(WebhookReceiver webhook) throws Exception {
    return Files.readString(ALERTS.resolve("alertmanager.yml"))
        .replaceAll("http://alert-receiver\\.example:5001", webhook.url(""))
        .replace("group_wait: 30s", "group_wait: 1s")
        .replace("group_interval: 5m", "group_interval: 1s");
  }

  @Test
  void refusalAndTimeoutBurstsReachTheWebhookWithThePairsLabels() throws Exception {
    Path prometheusBinary = RealBinary.require("prometheus");
    Path alertmanagerBinary = RealBinary.require("prometheus-alertmanager");
    Traffic traffic = Traffic.of(10, 40).quiet();
    try (Simulator simulator = Simulator.start(traffic, Clock.systemUTC());
        WebhookReceiver webhook = new WebhookReceiver();
        AlertmanagerServer alertmanager =
            AlertmanagerServer.start(alertmanagerBinary, dir, fastAlertmanager(webhook))) {
      Files.writeString(dir.resolve("rules.yml"), fastRules());
      String yaml =
          """
          defaults: {interval: 2s, delay: 0s, timeout: 2s, new_series_delay: 3s}
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
          queries:
            - {name: pairs, source: sim, group_by: [client_service, server_service], limit: 7500}
          """
              .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
      // The exporter listens on a port of its own choosing, not polling yet; Prometheus scrapes it.
      try (App app = Exporters.start(yaml, Exporters.loopback(0));
          PrometheusServer prometheus =
              PrometheusServer.start(
                  prometheusBinary,
                  dir,
                  """
                  global: {scrape_interval: 1s, evaluation_interval: 1s}
                  rule_files: [rules.yml]
                  alerting:
                    alertmanagers: [{static_configs: [{targets: ["127.0.0.1:%d"]}]}]
                  scrape_configs:
                    - job_name: statsbridge
                      static_configs: [{targets: ["127.0.0.1:%d"]}]
                  """
                      .formatted(alertmanager.port(), app.port()))) {
        Await.until(
            "Prometheus scraping the exporter",
            Duration.ofSeconds(30),
            () -> {
              try {
                JsonNode up = prometheus.query("up{job=\"statsbridge\"} == 1");
                return !up.isEmpty();
              } catch (Exception e) {
                return false;
              }
            });
        app.startPolling();
        Await.until(
            "ten quiet polls",
            Duration.ofSeconds(60),
            () -> app.statuses().get(0).polls(Outcome.SUCCESS) >= 10);
        assertTrue(
            prometheus.query("ALERTS{alertname=~\"DatadogCnmTcp.*\"}").isEmpty(),
            "alerts before any burst");
        assertEquals(
            List.of(),
            webhook.alerts().stream()
                .filter(
                    a -> a.path("labels").path("alertname").asText().startsWith("DatadogCnmTcp"))
                .toList());

        long now = System.currentTimeMillis() / 1000;
        traffic
            .bursts()
            .add(new Bursts.Burst("checkout", "payments", Bursts.Kind.REFUSALS, now, now + 600, 5));
        traffic
            .bursts()
            .add(new Bursts.Burst("cart", "search", Bursts.Kind.TIMEOUTS, now, now + 600, 5));

        Await.until(
            "both alerts at the webhook",
            Duration.ofSeconds(60),
            () ->
                !webhook
                        .firing(
                            "DatadogCnmTcpRefusals",
                            Map.of("client_service", "checkout", "server_service", "payments"))
                        .isEmpty()
                    && !webhook
                        .firing(
                            "DatadogCnmTcpTimeouts",
                            Map.of("client_service", "cart", "server_service", "search"))
                        .isEmpty());
        JsonNode refusal =
            webhook.firing("DatadogCnmTcpRefusals", Map.of("client_service", "checkout")).get(0);
        assertEquals("critical", refusal.path("labels").path("severity").asText());
        assertEquals("pairs", refusal.path("labels").path("query").asText());
        assertTrue(
            refusal
                .path("annotations")
                .path("description")
                .asText()
                .contains("[ client_service=checkout query=pairs server_service=payments ]"),
            refusal.toString());
        assertTrue(
            refusal
                .path("annotations")
                .path("runbook_url")
                .asText()
                .endsWith("RUNBOOK.md#datadogcnmtcprefusals"));
        // Only the injected pairs alert.
        assertTrue(
            webhook.alerts().stream()
                .filter(
                    a ->
                        a.path("labels").path("alertname").asText().equals("DatadogCnmTcpRefusals"))
                .allMatch(a -> a.path("labels").path("client_service").asText().equals("checkout")),
            webhook.alerts().toString());
      }
    }
  }
}
