package io.statsbridge.source.trafficops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficOpsConfigTest {
  private static Config parse(String yaml) throws ConfigException {
    return Providers.loaders()
        .create(Map.of("TO_PASSWORD", "pw-from-env-77")::get)
        .parse("statsbridge.yml", yaml);
  }

  private static String problems(String yaml) {
    return String.join("\n", assertThrows(ConfigException.class, () -> parse(yaml)).problems());
  }

  @Test
  void theDesignExampleLoadsWithDefaults() throws Exception {
    Config config =
        parse(
            """
            sources:
              cdn:
                type: traffic_ops
                url: https://trafficops.example.net
                username: ops
                password: ${TO_PASSWORD}
                tls: { insecure_skip_verify: false }
            queries:
              - name: cdn
                source: cdn
                cdns: [CDN-in-a-Box]
                metric_types: [bandwidth, connections, maxkbps]
                interval: 1m
            """);
    TrafficOpsQuerySpec spec = (TrafficOpsQuerySpec) config.queries().get(0).spec();
    assertEquals(List.of("CDN-in-a-Box"), spec.cdns());
    assertEquals(
        List.of(MetricType.BANDWIDTH, MetricType.CONNECTIONS, MetricType.MAXKBPS),
        spec.metricTypes());
    assertEquals(Optional.empty(), spec.exclude());
    assertEquals("1m", spec.statsInterval());
    TrafficOpsSettings settings = (TrafficOpsSettings) config.sources().get("cdn").settings();
    assertEquals("4.0", settings.apiVersion());
    assertEquals(
        "https://trafficops.example.net/api/4.0/cache_stats",
        settings.api("cache_stats").toString());
    assertFalse(config.toString().contains("pw-from-env-77"));
  }

  @Test
  void everyProblemIsNamed() {
    String all =
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "ftp:/x", username: ops, password: p}
            queries:
              - {name: a, source: cdn}
              - {name: b, source: cdn, cdns: [x], metric_types: [bandwidth, latency], exclude: both, stats_interval: 30s}
            """);
    for (String expected :
        List.of(
            "sources.cdn.url: must be an http:// or https:// URL (got \"ftp:/x\")",
            "queries[0].cdns: is required: list the CDNs to poll, or set per_cache: true",
            "queries[1].metric_types[1]: must be one of bandwidth, connections, maxkbps (got \"latency\")",
            "queries[1].exclude: must be series or summary (got \"both\")",
            "queries[1].stats_interval: must be an InfluxQL duration such as 1m, 5m or 1h (got \"30s\")")) {
      assertTrue(all.contains(expected), () -> "missing <" + expected + "> in\n" + all);
    }
  }

  @Test
  void statsAreChosenByNameInTheSummarysOrder() throws Exception {
    String yaml =
        """
        sources:
          cdn: {type: traffic_ops, url: "https://to", username: ops, password: p}
        queries:
          - {name: a, source: cdn, cdns: [x], stats: [p95, avg]}
          - {name: b, source: cdn, cdns: [x]}
        """;
    Config config = parse(yaml);
    assertEquals(
        List.of("avg", "p95"), ((TrafficOpsQuerySpec) config.queries().get(0).spec()).stats());
    assertEquals(
        List.of("avg", "min", "max", "p5", "p95", "p98"),
        ((TrafficOpsQuerySpec) config.queries().get(1).spec()).stats());
    String all =
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "https://to", username: ops, password: p}
            queries:
              - {name: a, source: cdn, cdns: [x], stats: [p99]}
              - {name: b, source: cdn, cdns: [x], stats: []}
              - {name: c, source: cdn, cdns: [x], stats: [max], exclude: summary}
            """);
    assertEquals(
        String.join(
            "\n",
            "statsbridge.yml: queries[0].stats[0]: unknown \"p99\" (valid: avg, min, max, p5, p95, p98)",
            "statsbridge.yml: queries[1].stats: must name at least one of avg, min, max, p5, p95,"
                + " p98; to export none, set exclude: summary",
            "statsbridge.yml: queries[2].stats: chooses summary statistics, but exclude: summary"
                + " leaves them out"),
        all);
  }

  @Test
  void sourceLevelRulesAreChecked() {
    String all =
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "https://to", api_version: "2.0", username: ops, tls: {ca_file: /nonexistent.pem}}
            queries: [{name: a, source: cdn, cdns: [x]}]
            """);
    assertTrue(
        all.contains(
            "sources.cdn.api_version: must be a Traffic Ops API version from 3.0 to 5.x (got \"2.0\")"),
        all);
    assertTrue(
        all.contains("sources.cdn.password: is required (set password or password_file)"), all);
    assertTrue(
        all.contains(
            "sources.cdn.tls.ca_file: cannot read PEM certificates from /nonexistent.pem: file not"
                + " found"),
        all);
  }

  @Test
  void unknownTlsKeysAreNamed() {
    String all =
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "https://to", username: ops, password: p, tls: {verify: no}}
            queries: [{name: a, source: cdn, cdns: [x]}]
            """);
    assertTrue(
        all.contains("sources.cdn.tls.verify: has the wrong type")
            || all.contains("sources.cdn.tls.verify"),
        all);
  }

  @Test
  void datadogKeysOnATrafficOpsQueryAreUnknown() {
    String all =
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "https://to", username: ops, password: p}
            queries: [{name: a, source: cdn, cdns: [x], group_by: [client_service]}]
            """);
    assertTrue(all.contains("queries[0].group_by: unknown key"), all);
  }

  @Test
  void aCaFileThatIsNotPemIsSaidInWords(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("ca.pem");
    Files.writeString(
        garbage,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Path key = dir.resolve("key.pem");
    Files.writeString(key, new HeldCertificate.Builder().build().privateKeyPkcs8Pem());
    for (Path file : List.of(garbage, key, dir)) {
      String all =
          problems(
              """
              sources:
                cdn: {type: traffic_ops, url: "https://to", username: ops, password: p, tls: {ca_file: %s}}
              queries: [{name: a, source: cdn, cdns: [x]}]
              """
                  .formatted(file));
      String expected =
          file.equals(dir)
              ? "it is a directory, not a file"
              : "not a PEM certificate (expected one or more -----BEGIN CERTIFICATE----- blocks)";
      assertEquals(
          "statsbridge.yml: sources.cdn.tls.ca_file: cannot read PEM certificates from "
              + file
              + ": "
              + expected,
          all);
    }
  }

  @Test
  void booleansAreTrueOrFalseAsInYaml12() throws Exception {
    String source =
        """
        sources:
          cdn: {type: traffic_ops, url: "https://to", username: ops, password: p, tls: {insecure_skip_verify: %s}}
        queries: [{name: a, source: cdn, per_cache: %s}]
        """;
    Config config = parse(source.formatted("false", "true"));
    assertTrue(((TrafficOpsQuerySpec) config.queries().get(0).spec()).perCache());
    String all = problems(source.formatted("no", "yes"));
    assertTrue(
        all.contains("sources.cdn.tls.insecure_skip_verify: must be true or false (got \"no\")"),
        all);
    assertTrue(all.contains("queries[0].per_cache: must be true or false (got \"yes\")"), all);
  }

  @Test
  void aLoginSentAsJsonMayHoldNonAsciiButNotASecondLine(@TempDir Path dir) throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "\uFEFFp\u00e4sswort\n");
    String yaml =
        """
        sources:
          cdn: {type: traffic_ops, url: "https://to", username: "%s", password_file: %s}
        queries: [{name: a, source: cdn, cdns: [x]}]
        """;
    TrafficOpsSettings settings =
        (TrafficOpsSettings)
            parse(yaml.formatted("J\u00fcrgen", password)).sources().get("cdn").settings();
    assertEquals("J\u00fcrgen", settings.username());
    assertEquals("p\u00e4sswort", settings.password().value());
    Files.writeString(password, "p\u00e4ss\nwort\n");
    assertEquals(
        "statsbridge.yml: sources.cdn.password_file: "
            + password
            + " holds more than one line (only a trailing newline is removed); check the file's"
            + " encoding",
        problems(yaml.formatted("ops", password)));
  }
}
