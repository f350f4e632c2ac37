package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datadog sources and queries as a user writes them, read through the real loader. */
class DatadogConfigTest {
  static final Map<String, String> ENV =
      Map.of("DD_API_KEY", "api-key-from-env", "DD_APP_KEY", "app-key-from-env");

  private static Config parse(String yaml) throws ConfigException {
    return new ConfigLoader(List.of(new DatadogProvider()), ENV::get).parse("dd.yml", yaml);
  }

  private static String problems(String yaml) {
    return String.join("\n", assertThrows(ConfigException.class, () -> parse(yaml)).problems());
  }

  private static DatadogSettings settings(Config config, String source) {
    return (DatadogSettings) config.sources().get(source).settings();
  }

  private static DatadogQuerySpec spec(Config config, int query) {
    return (DatadogQuerySpec) config.queries().get(query).spec();
  }

  @Test
  void anAliasStandsForTheAnchoredValueAndMergeKeysCopyAQuery() throws Exception {
    Config config = parse(Fixtures.read("config-anchors.yml"));
    assertEquals("api-key-from-env", settings(config, "backup").apiKey().value());
    assertEquals(
        new DatadogQuerySpec(
            List.of("client_service", "server_service"), List.of("env:prod", "team:net"), "", 500),
        spec(config, 0));
    assertEquals("teams", config.queries().get(1).name());
    assertEquals("dd", config.queries().get(1).source());
    assertEquals(
        new DatadogQuerySpec(List.of("client_team"), List.of("env:prod", "team:net"), "", 7500),
        spec(config, 1));
    assertEquals(List.of("env:prod"), spec(config, 2).tags());
  }

  @Test
  void anAliasBombIsRefusedQuickly() {
    long start = System.nanoTime();
    String all = problems(Fixtures.read("config-billion-laughs.yml"));
    assertTrue(
        all.matches(
            "dd\\.yml: [a-z\\[\\]0-9.]+: the file holds more than 100000 values, counting what"
                + " each alias stands for \\(an alias bomb\\?\\); a config needs far fewer"),
        all);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "took too long");
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithBothLines() {
    String all =
        problems(
            """
            sources:
              dd:
                type: datadog
                api_key: ${DD_API_KEY}
                app_key: ${DD_APP_KEY}
                api_key: other
            queries: [{name: q, source: dd}]
            """);
    assertEquals(
        "dd.yml: sources.dd.api_key: the key is given twice, on lines 4 and 6; keep one", all);
  }

  @Test
  void aGroupByKeyGivenTwiceIsRefused() {
    String all =
        problems(
            """
            sources:
              dd: {type: datadog, api_key: k, app_key: k}
            queries:
              - {name: q, source: dd, group_by: [client_service, server_service, client_service]}
            """);
    assertEquals("dd.yml: queries[0].group_by[2]: duplicate group-by key \"client_service\"", all);
  }
}
