package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.datadog.DatadogProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final String SECRET = "dd-api-key-0123456789";

  static final Map<String, String> ENV =
      Map.of("DD_API_KEY", SECRET, "DD_APP_KEY", "dd-app-key-9876543210");

  private static ConfigLoader loader() {
    return new ConfigLoader(List.of(new DatadogProvider()), ENV::get);
  }

  private static Config parse(String yaml) throws ConfigException {
    return loader().parse("statsbridge.yml", yaml);
  }

  private static List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
  }

  private static String allProblems(String yaml) {
    return String.join("\n", problems(yaml));
  }

  static final String SOURCE =
      """
      sources:
        dd:
          type: datadog
          site: datadoghq.eu
          api_key: ${DD_API_KEY}
          app_key: ${DD_APP_KEY}
      """;

  /** A source counting in 1-second buckets, for tests of short intervals. */
  static final String FINE_SOURCE = SOURCE + "    granularity: 1s\n";

  @Test
  void loadsTheDesignExampleWithDefaultsMerged() throws Exception {
    Config config =
        parse(
            """
            defaults:
              interval: 10m
              delay: 5m
              limit: 500
            """
                + SOURCE
                + """
            queries:
              - name: service_to_service
                source: dd
                group_by: [client_service, server_service]
                tags: [env:prod]
                query: ""
                limit: 7500
              - name: by_team
                source: dd
                group_by: [client_team]
                interval: 5m
            """);
    assertEquals(2, config.queries().size());
    QueryConfig first = config.queries().get(0);
    assertEquals(Duration.ofMinutes(10), first.schedule().interval());
    assertEquals(Duration.ofMinutes(5), first.schedule().delay());
    assertEquals(Duration.ofSeconds(30), first.schedule().timeout());
    assertEquals(Duration.ofHours(1), first.schedule().maxWindow());
    assertEquals(Duration.ofMinutes(5), first.schedule().granularity());
    assertEquals(Duration.ofMinutes(5), config.queries().get(1).schedule().interval());
    assertTrue(first.spec().toString().contains("limit=7500"), first.spec().toString());
    assertTrue(config.queries().get(1).spec().toString().contains("limit=500"));
  }

  @Test
  void reportsEveryKeyOfTheWrongTypeInOneRun() {
    List<String> problems =
        problems(
            SOURCE
                + """
                queries:
                  - name: q
                    source: dd
                    group_by: notalist
                    limit: many
                    new_series_delay: [1]
                    max_rows: x
                """);
    assertEquals(
        java.util.Set.of(
            "statsbridge.yml: queries[0].group_by: must be a list (got \"notalist\")",
            "statsbridge.yml: queries[0].limit: must be an integer (got \"many\")",
            "statsbridge.yml: queries[0].new_series_delay: must be a string, not a list",
            "statsbridge.yml: queries[0].max_rows: must be an integer (got \"x\")"),
        java.util.Set.copyOf(problems));
  }

  @Test
  void reportsLimitOverMaximumWithItsPath() {
    List<String> problems = problems(SOURCE + "queries:\n  - {name: q, source: dd, limit: 9000}\n");
    assertEquals(
        List.of("statsbridge.yml: queries[0].limit: must be at most 7500 (got 9000)"), problems);
  }

  @Test
  void reportsEveryProblemInOnePass() {
    List<String> problems =
        problems(
            """
            colour: blue
            defaults:
              intervall: 5m
            sources:
              dd:
                type: datadog
                site: datadoghq.mars
                api_key: ${MISSING_KEY}
                app_key: x
                proxy: http://p
              other:
                type: prometheus
            queries:
              - name: a
                source: dd
                group_by: [a, b, c, d, e, f, g, h, i, j, k]
                limit: 0
                interval: 5 minutes
              - name: a
                source: nowhere
              - source: dd
                tags: "env:prod"
            """);
    String all = String.join("\n", problems);
    for (String expected :
        List.of(
            "statsbridge.yml: colour: unknown key",
            "statsbridge.yml: defaults.intervall: unknown key",
            "statsbridge.yml: sources.dd.proxy: unknown key",
            "statsbridge.yml: sources.other.type: unknown source type \"prometheus\"",
            "statsbridge.yml: sources.dd.api_key: environment variable MISSING_KEY is not set",
            "statsbridge.yml: queries[0].group_by: must have at most 10 keys (got 11)",
            "statsbridge.yml: queries[0].limit: must be at least 1 (got 0)",
            "statsbridge.yml: queries[0].interval: must be a duration such as 30s, 5m or 1h (got \"5 minutes\")",
            "statsbridge.yml: queries[1].name: duplicate query name \"a\"",
            "statsbridge.yml: queries[1].source: unknown source \"nowhere\"",
            "statsbridge.yml: queries[2].name: is required",
            "statsbridge.yml: queries[2].tags: must be a list")) {
      assertTrue(all.contains(expected), () -> "missing <" + expected + "> in\n" + all);
    }
  }

  @Test
  void unknownSiteIsNamed() {
    String all =
        allProblems(
            SOURCE.replace("datadoghq.eu", "datadoghq.mars") + "queries: [{name: q, source: dd}]");
    assertTrue(all.contains("sources.dd.site: unknown Datadog site \"datadoghq.mars\""), all);
  }

  @Test
  void missingSecretIsReportedWithoutAValue() {
    String all =
        allProblems(
            """
                sources:
                  dd: {type: datadog}
                queries: [{name: q, source: dd}]
                """);
    assertTrue(all.contains("sources.dd.api_key: is required (set api_key or api_key_file)"), all);
    assertTrue(all.contains("sources.dd.app_key: is required"), all);
  }

  @Test
  void readsSecretsFromFilesAndNeverPrintsThem(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("app_key");
    Files.writeString(key, "file-secret-value\n");
    Config config =
        parse(
            SOURCE.replace("app_key: ${DD_APP_KEY}", "app_key_file: " + key)
                + "queries: [{name: q, source: dd}]");
    String rendered = config.toString();
    assertFalse(rendered.contains("file-secret-value"), rendered);
    assertFalse(rendered.contains(SECRET), rendered);
    assertTrue(rendered.contains("<secret>"), rendered);
  }

  @Test
  void unreadableSecretFileIsAProblem() {
    String all =
        allProblems(
            SOURCE.replace("app_key: ${DD_APP_KEY}", "app_key_file: /nonexistent/key")
                + "queries: [{name: q, source: dd}]");
    assertTrue(
        all.contains(
            "sources.dd.app_key_file: cannot read secret file /nonexistent/key: file not found"),
        all);
  }

  @Test
  void inlineAndFileTogetherIsAProblem() {
    String all =
        allProblems(
            SOURCE.replace("app_key: ${DD_APP_KEY}", "app_key: a\n    app_key_file: /x")
                + "queries: [{name: q, source: dd}]");
    assertTrue(
        all.contains("sources.dd.app_key: set either app_key or app_key_file, not both"), all);
  }

  @Test
  void wrongTypeNamesTheExpectedType() {
    String all = allProblems(SOURCE + "queries: [{name: q, source: dd, limit: lots}]");
    assertTrue(all.contains("queries[0].limit: must be an integer (got \"lots\")"), all);
  }

  @Test
  void scheduleRelationsAreChecked() {
    String all =
        allProblems(
            FINE_SOURCE
                + """
                    queries:
                      - {name: q, source: dd, interval: 1m, timeout: 2m, max_window: 30s, series_ttl: 10s}
                      - {name: r, source: dd, interval: 1500ms}
                    """);
    assertTrue(
        all.contains("queries[0].timeout: must not be longer than interval 1m (got 2m)"), all);
    assertTrue(all.contains("queries[0].max_window: must be at least interval 1m (got 30s)"), all);
    assertTrue(all.contains("queries[0].series_ttl: must be at least interval 1m (got 10s)"), all);
    assertTrue(all.contains("queries[1].interval: must be a whole number of seconds"), all);
  }

  @Test
  void datadogWindowsMustNotCutItsFiveMinuteBuckets() {
    List<String> problems =
        problems(
            SOURCE
                + "queries: [{name: q, source: dd, interval: 2m, delay: 90s},"
                + " {name: r, source: dd, interval: 10m, delay: 0s}]");
    assertEquals(
        List.of(
            "statsbridge.yml: queries[0].interval: must be a multiple of the granularity 5m of"
                + " source dd (got 2m); the upstream counts in buckets of that size, and a window"
                + " edge inside a bucket would count it twice or not at all",
            "statsbridge.yml: queries[0].delay: must be a multiple of the granularity 5m of"
                + " source dd (got 1m30s); the upstream counts in buckets of that size, and a"
                + " window edge inside a bucket would count it twice or not at all"),
        problems);
  }

  @Test
  void granularityIsASourceSettingAndTheQueriesFollowIt() throws Exception {
    Config config =
        parse(
            SOURCE
                + "    granularity: 5s\n"
                + "queries: [{name: q, source: dd, interval: 10s, delay: 5s}]");
    assertEquals(Duration.ofSeconds(5), config.queries().get(0).schedule().granularity());
    assertTrue(
        allProblems(SOURCE + "    granularity: 1500ms\nqueries: [{name: q, source: dd}]")
            .contains("sources.dd.granularity: must be a whole number of seconds, at least 1s"));
  }

  @Test
  void theFingerprintIgnoresTimingAndKeyOrderButNotWhatIsFetched() throws Exception {
    String a = fingerprint("{name: q, source: dd, group_by: [a, b], tags: [env:prod]}");
    assertEquals(
        a, fingerprint("{tags: [env:prod], source: dd, interval: 10m, group_by: [a, b], name: q}"));
    assertTrue(!a.equals(fingerprint("{name: q, source: dd, group_by: [b, a], tags: [env:prod]}")));
    assertTrue(!a.equals(fingerprint("{name: q, source: dd, group_by: [a, b]}")));
  }

  private static String fingerprint(String query) throws Exception {
    return parse(SOURCE + "queries: [" + query + "]").queries().get(0).fingerprint();
  }

  @Test
  void unsetLimitsFollowTheInterval() throws Exception {
    Config config =
        parse(
            FINE_SOURCE
                + "queries: [{name: q, source: dd, interval: 5s}, {name: r, source: dd, interval: 2h}]");
    assertEquals(Duration.ofSeconds(5), config.queries().get(0).schedule().timeout());
    assertEquals(Duration.ofSeconds(30), config.queries().get(1).schedule().timeout());
    assertEquals(Duration.ofHours(2), config.queries().get(1).schedule().maxWindow());
    assertEquals(Duration.ofHours(2), config.queries().get(1).schedule().seriesTtl());
  }

  @Test
  void badYamlAndEmptyFilesAreReportedPlainly() {
    assertTrue(problems("sources: [").get(0).startsWith("statsbridge.yml: not valid YAML"));
    assertEquals(
        List.of("statsbridge.yml: is empty (expected sources: and queries:)"), problems(""));
    assertEquals(
        List.of("statsbridge.yml: must be a mapping with sources: and queries:"), problems("- a"));
  }

  @Test
  void baseUrlOverridesSite() throws Exception {
    Config config =
        parse(
            SOURCE.replace("site: datadoghq.eu", "base_url: http://127.0.0.1:8080")
                + "queries: [{name: q, source: dd}]");
    assertTrue(config.sources().get("dd").settings().toString().contains("127.0.0.1:8080"));
  }

  @Test
  void aProblemQuotingAHugeValueIsShortened() {
    String huge = "9".repeat(500_000) + "x";
    List<String> problems =
        problems(SOURCE + "queries: [{name: q, source: dd, delay: " + huge + "}]");
    assertEquals(1, problems.size(), problems::toString);
    String problem = problems.get(0);
    assertTrue(
        problem.startsWith("statsbridge.yml: queries[0].delay: must be a duration"), problem);
    assertTrue(problem.contains("characters left out"), problem);
    assertTrue(problem.endsWith("9999x\")"), problem);
    assertTrue(problem.length() < 1100, () -> "length " + problem.length());
  }

  @Test
  void aLongKeyOverManyValuesIsCheckedWithoutCopyingItsPath() {
    String yaml =
        SOURCE
            + "queries: [{name: q, source: dd}]\n"
            + "many: &many ["
            + "1,".repeat(40_000)
            + "1]\n? "
            + "k".repeat(900_000)
            + "\n: *many\n";
    List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(8), () -> problems(yaml));
    assertEquals(2, problems.size(), problems::toString);
    assertTrue(problems.get(1).contains("characters left out"), problems.get(1));
  }

  @Test
  void maxRowsIsBounded() {
    assertTrue(
        allProblems(FINE_SOURCE + "queries: [{name: q, source: dd, max_rows: 0}]")
            .contains("queries[0].max_rows: must be from 1 to 1000000 (got 0)"));
  }
}
