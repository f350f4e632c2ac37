package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statsbridge.app.Providers;
import io.statsbridge.exposition.LabelNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code labels:} of a query, and of {@code defaults:}, checked with their place. */
class StaticLabelsConfigTest {
  static final String SOURCES =
      """
      sources:
        dd: {type: datadog, api_key: k, app_key: k}
        cdn: {type: traffic_ops, url: "https://to", username: ops, password: p}
        dt: {type: dynatrace, url: "https://abc.live.dynatrace.com", api_token: t}
      """;

  private static Config parse(String yaml) throws ConfigException {
    return Providers.loaders().create(Map.<String, String>of()::get).parse("s.yml", yaml);
  }

  private static List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void labelsOfEveryKindOfQueryAreAccepted() throws Exception {
    Config config =
        parse(
            "defaults:\n  labels: {env: prod}\n"
                + SOURCES
                + """
                queries:
                  - {name: a, source: dd, group_by: [client_service], labels: {team: payments, owner: "Zoë 🚀"}}
                  - {name: b, source: cdn, cdns: [x], per_cache: true, labels: {team: "edge \\"1\\""}}
                  - {name: c, source: dt, timeseries_id: "com.dynatrace.builtin:host.cpu.idle"}
                  - {name: d, source: dt, metric_selector: "builtin:host.cpu.usage", labels: {dt_entity_host: h}}
                """);
    assertEquals(4, config.queries().size());
  }

  @Test
  void badNamesAndValuesAreNamedWithTheirPlace() {
    assertEquals(
        List.of(
            "s.yml: defaults.labels.1st: must be a label name: letters, digits and _, not starting"
                + " with a digit",
            "s.yml: queries[0].labels.query: is reserved (job, instance, le, quantile and query are"
                + " set by Prometheus or statsbridge)",
            "s.yml: queries[0].labels.job: is reserved (job, instance, le, quantile and query are"
                + " set by Prometheus or statsbridge)",
            "s.yml: queries[0].labels.__meta: is reserved: names starting with __ are Prometheus'"
                + " own",
            "s.yml: queries[0].labels.team-name: must be a label name: letters, digits and _, not"
                + " starting with a digit",
            "s.yml: queries[0].labels.version: must be a string (got 1.1); quote the value",
            "s.yml: queries[0].labels.unset: must be a string (got null); quote the value",
            "s.yml: queries[0].labels.empty: must not be empty: Prometheus takes an empty label for"
                + " no label",
            "s.yml: queries[1].labels: must be a mapping of label names to values"),
        problems(
            "defaults:\n  labels: {env: prod, 1st: x}\n"
                + SOURCES
                + """
                queries:
                  - name: a
                    source: dd
                    labels: {query: x, job: y, __meta: z, team-name: a, version: 1.10, unset: null, empty: ""}
                  - {name: b, source: dd, labels: [team]}
                """));
  }

  @Test
  void aLabelTheRowsAlreadyHaveIsRefused() {
    String rows = "is already a label of this query's rows (its rows' labels: ";
    String toRows = "cdn, stat, cachegroup, hostname, profile, status)";
    String fromDefaults = "; labels.cachegroup is set in defaults";
    assertEquals(
        List.of(
            "s.yml: queries[0].labels.client_team: " + rows + "client_team, server_service)",
            "s.yml: queries[1].labels.cachegroup: " + rows + toRows + fromDefaults,
            "s.yml: queries[1].labels.cdn: " + rows + toRows,
            "s.yml: queries[1].labels.hostname: " + rows + toRows,
            "s.yml: queries[2].labels.entity_name: "
                + rows
                + "entity_id, entity_name, aggregation)",
            "s.yml: queries[3].labels.cachegroup: "
                + rows
                + "cachegroup, hostname, profile, status)"
                + fromDefaults),
        problems(
            "defaults:\n  labels: {cachegroup: mine}\n"
                + SOURCES
                + """
                queries:
                  - {name: a, source: dd, group_by: [client.team, server_service], labels: {client_team: x}}
                  - {name: b, source: cdn, cdns: [x], per_cache: true, labels: {hostname: h, cdn: c}}
                  - {name: c, source: dt, timeseries_id: "com.dynatrace.builtin:host.cpu.idle", labels: {entity_name: e}}
                  - {name: d, source: cdn, per_cache: true}
                  - {name: e, source: dd, group_by: [client_service]}
                """));
  }

  @Test
  void labelsArePartOfTheFingerprintWhateverTheirOrderOrOrigin() throws Exception {
    String own = fingerprint("", "labels: {team: payments, env: prod}");
    assertEquals(own, fingerprint("", "labels: {env: prod, team: payments}"));
    assertEquals(own, fingerprint("defaults: {labels: {env: prod}}\n", "labels: {team: payments}"));
    assertEquals(
        own, fingerprint("defaults: {labels: {env: prod, team: x}}\n", "labels: {team: payments}"));
    assertNotEquals(own, fingerprint("", "labels: {team: payments, env: staging}"));
    assertNotEquals(own, fingerprint("", "labels: {team: payments}"));
    assertEquals(fingerprint("", "tags: []"), fingerprint("", "tags: [], labels: {}"));
  }

  private static String fingerprint(String defaults, String keys) throws Exception {
    return parse(defaults + SOURCES + "queries: [{name: q, source: dd, " + keys + "}]")
        .queries()
        .get(0)
        .fingerprint();
  }

  /** Config sits below exposition, so it keeps its own copy of the names it must refuse. */
  @Test
  void theReservedNamesAreExpositions() {
    assertEquals(LabelNames.RESERVED, StaticLabels.RESERVED);
  }
}
