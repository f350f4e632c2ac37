package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statsbridge.source.datadog.DatadogProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A problem with a value set in defaults: is reported once, there, not once per query. */
class DefaultsTest {
  private static List<String> problems(String defaults, String queries) {
    String yaml = "defaults:\n" + defaults + ConfigLoaderTest.SOURCE + "queries:\n" + queries;
    return assertThrows(
            ConfigException.class,
            () ->
                new ConfigLoader(List.of(new DatadogProvider()), ConfigLoaderTest.ENV::get)
                    .parse("s.yml", yaml))
        .problems();
  }

  static final String THREE_QUERIES =
      """
        - {name: a, source: dd}
        - {name: b, source: dd}
        - {name: c, source: dd}
      """;

  @Test
  void aBadDurationInDefaultsIsReportedOnceAsDefaults() {
    assertEquals(
        List.of(
            "s.yml: defaults.delay: must be a duration such as 30s, 5m or 1h (got \"5 minutes\")"),
        problems("  delay: 5 minutes\n", THREE_QUERIES));
  }

  @Test
  void aValueOutOfRangeOrOfTheWrongTypeInDefaultsIsReportedOnceAsDefaults() {
    assertEquals(
        List.of("s.yml: defaults.limit: must be at most 7500 (got 9000)"),
        problems("  limit: 9000\n", THREE_QUERIES));
    assertEquals(
        List.of("s.yml: defaults.limit: must be an integer (got \"lots\")"),
        problems("  limit: lots\n", THREE_QUERIES));
    assertEquals(
        List.of(
            "s.yml: defaults.interval: must be a multiple of the granularity 5m of source dd (got"
                + " 2m); the upstream counts in buckets of that size, and a window edge inside a"
                + " bucket would count it twice or not at all"),
        problems("  interval: 2m\n", THREE_QUERIES));
  }

  @Test
  void aQueryThatSetsTheValueItselfKeepsItsOwnPath() {
    assertEquals(
        List.of("s.yml: queries[1].limit: must be at most 7500 (got 8000)"),
        problems(
            "  limit: 500\n",
            """
              - {name: a, source: dd}
              - {name: b, source: dd, limit: 8000}
            """));
  }

  @Test
  void aRelationBelongsToDefaultsOnlyIfTheQueryDoesNotSetTheOtherValue() {
    assertEquals(
        List.of("s.yml: defaults.timeout: must not be longer than interval 5m (got 10m)"),
        problems("  timeout: 10m\n", THREE_QUERIES));
    assertEquals(
        List.of(
            "s.yml: queries[1].max_window: must be at least interval 2h (got 1h) (max_window is"
                + " set in defaults)"),
        problems(
            "  max_window: 1h\n",
            """
              - {name: a, source: dd}
              - {name: b, source: dd, interval: 2h}
            """));
  }
}
