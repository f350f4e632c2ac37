package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.datadog.DatadogProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ${NAME} is substituted; $NAME, which would be sent literally, is refused; other $ stay. */
class EnvSubstitutionTest {
  static final Map<String, String> ENV =
      Map.of("DD_API_KEY", "api-key", "HOST", "127.0.0.1", "BIG", "b".repeat(600_000));

  private static ConfigLoader loader() {
    return new ConfigLoader(List.of(new DatadogProvider()), ENV::get);
  }

  private static String config(String apiKey, String query) {
    return """
        sources:
          dd: {type: datadog, base_url: "http://${HOST}:8080", api_key: '%s', app_key: k}
        queries: [{name: q, source: dd, query: '%s'}]
        """
        .formatted(apiKey, query);
  }

  private static List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> loader().parse("s.yml", yaml)).problems();
  }

  @Test
  void aVariableWithoutBracesIsRefusedWithTheBracedSpelling() {
    assertEquals(
        List.of(
            "s.yml: sources.dd.api_key: $DD_API_KEY is taken literally; write ${DD_API_KEY} for"
                + " the environment variable"),
        problems(config("$DD_API_KEY", "")));
    assertEquals(
        List.of(
            "s.yml: sources.dd.base_url: $HOST is taken literally; write ${HOST} for the"
                + " environment variable"),
        problems(config("${DD_API_KEY}", "").replace("${HOST}", "$HOST")));
  }

  @Test
  void aLowercaseNameIsRefusedWithoutQuotingWhatMayBeASecret() {
    List<String> problems = problems(config("$ecretvalue", ""));
    assertEquals(
        List.of(
            "s.yml: sources.dd.api_key: holds $ followed by a name, which is taken literally;"
                + " write ${NAME} for an environment variable"),
        problems);
    assertFalse(problems.get(0).contains("ecret"));
  }

  @Test
  void aDollarInsideAWordAfterAnotherDollarOrBeforeADigitIsLeftAlone() throws Exception {
    String bcrypt = "$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    for (String value : List.of(bcrypt, "pa$$word", "a$b", "cost:>$5 AND $ 1", "$")) {
      Config config = loader().parse("s.yml", config("${DD_API_KEY}", value));
      assertTrue(config.queries().get(0).spec().toString().contains(value), value);
    }
  }

  @Test
  void bracedVariablesAreSubstitutedAndBounded() throws Exception {
    Config config = loader().parse("s.yml", config("${DD_API_KEY}", "host:${HOST}"));
    assertTrue(config.queries().get(0).spec().toString().contains("host:127.0.0.1"));
    assertTrue(config.sources().get("dd").settings().toString().contains("127.0.0.1:8080"));
    assertEquals(
        List.of(
            "s.yml: queries[0].query: is longer than 1 MiB once environment variables are"
                + " substituted"),
        problems(config("${DD_API_KEY}", "${BIG}${BIG}")));
  }
}
