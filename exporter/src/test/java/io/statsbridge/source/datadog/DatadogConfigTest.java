package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import io.statsbridge.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datadog sources and queries as a user writes them, read through the real loader. */
class DatadogConfigTest {
  @TempDir Path dir;

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

  @Test
  void attributesChooseWhatIsExportedInTheApisSpelling() throws Exception {
    Config config =
        parse(
            """
            sources:
              dd: {type: datadog, api_key: k, app_key: k}
            queries:
              - {name: q, source: dd, attributes: [tcp_timeouts, tcp_refusals]}
              - {name: all, source: dd}
            """);
    assertEquals(
        List.of(DatadogAttribute.TCP_REFUSALS, DatadogAttribute.TCP_TIMEOUTS),
        spec(config, 0).attributes());
    assertEquals(DatadogAttribute.ALL, spec(config, 1).attributes());
    assertEquals(17, DatadogAttribute.ALL.size());
  }

  @Test
  void anUnknownAttributeIsRefusedWithTheValidOnes() {
    String all =
        problems(
            """
            sources:
              dd: {type: datadog, api_key: k, app_key: k}
            queries:
              - {name: q, source: dd, attributes: [tcp_refusals, tcp_refusal, tcp_refusals]}
              - {name: none, source: dd, attributes: []}
              - {name: rtt, source: dd, attributes: [rtt_micro_seconds, packets_sent_by_client]}
            """);
    String valid = String.join(", ", DatadogAttribute.NAMES);
    assertEquals(
        String.join(
            "\n",
            "dd.yml: queries[0].attributes[1]: unknown \"tcp_refusal\" (valid: " + valid + ")",
            "dd.yml: queries[0].attributes[2]: \"tcp_refusals\" is listed twice",
            "dd.yml: queries[1].attributes: must name at least one of " + valid,
            "dd.yml: queries[2].attributes: rtt_micro_seconds is averaged weighted by packets:"
                + " list packets_sent_by_client and packets_sent_by_server too"),
        all);
  }

  /**
   * The sites the official clients accept for {@code https://{subdomain}.{site}}, in their order:
   * datadog-api-client-java {@code ApiClient.java} lines 96-106 and datadog-api-client-python
   * {@code configuration.py} lines 1010-1021 (commits in fixtures/vendor/datadog/README.md; both
   * list {@code uk1.datadoghq.com} twice). The spec excerpt's enum is older and shorter.
   */
  static final List<String> CLIENT_SITES =
      List.of(
          "datadoghq.com",
          "us3.datadoghq.com",
          "us5.datadoghq.com",
          "ap1.datadoghq.com",
          "ap2.datadoghq.com",
          "uk1.datadoghq.com",
          "datadoghq.eu",
          "ddog-gov.com",
          "us2.ddog-gov.com");

  private static String withSite(String site) {
    return """
        sources:
          dd: {type: datadog, site: "%s", api_key: k, app_key: k}
        queries: [{name: q, source: dd}]
        """
        .formatted(site);
  }

  @Test
  void everySiteOfTheSpecsEnumReachesItsApiHost() throws Exception {
    List<String> sites = DatadogVendorFixtures.specSites();
    assertEquals(7, sites.size(), sites.toString());
    for (String site : sites) {
      assertEquals(
          "https://api." + site + "/", settings(parse(withSite(site)), "dd").baseUrl().toString());
    }
  }

  @Test
  void everySiteTheOfficialClientsKnowReachesItsApiHost() throws Exception {
    assertTrue(CLIENT_SITES.containsAll(DatadogVendorFixtures.specSites()));
    for (String site : CLIENT_SITES) {
      assertEquals(
          "https://api." + site + "/", settings(parse(withSite(site)), "dd").baseUrl().toString());
    }
    assertEquals(
        "https://api.datadoghq.com/",
        settings(
                parse(
                    "sources: {dd: {type: datadog, api_key: k, app_key: k}}\n"
                        + "queries: [{name: q, source: dd}]\n"),
                "dd")
            .baseUrl()
            .toString(),
        "the clients' default site");
  }

  @Test
  void aMadeUpSiteIsRefusedByName() {
    assertEquals(
        "dd.yml: sources.dd.site: unknown Datadog site \"uk2.datadoghq.com\" (known: "
            + String.join(", ", CLIENT_SITES)
            + "); for another Datadog deployment set base_url instead",
        problems(withSite("uk2.datadoghq.com")));
  }

  @Test
  void oneKeyGivenForBothIsOneSecretToMaskNotACrash() throws Exception {
    DatadogSettings settings = settings(parse(withSite("datadoghq.com")), "dd");
    assertEquals(settings.apiKey(), settings.appKey());
    assertEquals(Set.of("k"), Set.copyOf(settings.secrets()), "equal keys are one secret to mask");
  }

  private Path secretFile(String name, byte[] content) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private static String withKeyFile(Path file) {
    return """
        sources:
          dd: {type: datadog, api_key_file: %s, app_key: "${DD_APP_KEY}"}
        queries: [{name: q, source: dd}]
        """
        .formatted(file);
  }

  @Test
  void aSecretFileLosesItsByteOrderMarkAndTrailingNewline() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] key = "0123abcd".getBytes(StandardCharsets.US_ASCII);
    Path withBom = secretFile("bom", concat(bom, key, "\r\n".getBytes(StandardCharsets.US_ASCII)));
    Path withNewline = secretFile("newline", concat(key, "\n".getBytes(StandardCharsets.US_ASCII)));
    for (Path file : List.of(withBom, withNewline)) {
      assertEquals("0123abcd", settings(parse(withKeyFile(file)), "dd").apiKey().value());
    }
  }

  @Test
  void aSecretThatCannotBeAHeaderIsRefusedWithoutQuotingIt() throws Exception {
    String value = "QZXJ7\u00e9WVKP";
    Path nonAscii = secretFile("latin", value.getBytes(StandardCharsets.UTF_8));
    Path twoLines = secretFile("two", "QZXJ7WVKP\nMRTB".getBytes(StandardCharsets.UTF_8));
    String fromFile = problems(withKeyFile(nonAscii));
    assertEquals(
        "dd.yml: sources.dd.api_key_file: "
            + nonAscii
            + " holds a character that is not allowed in an HTTP header (non-ASCII or a control"
            + " character); check the file's encoding",
        fromFile);
    assertEquals(
        "dd.yml: sources.dd.api_key_file: "
            + twoLines
            + " holds more than one line (only a trailing newline is removed); check the file's"
            + " encoding",
        problems(withKeyFile(twoLines)));
    String inline =
        String.join(
            "\n",
            assertThrows(
                    ConfigException.class,
                    () ->
                        new ConfigLoader(List.of(new DatadogProvider()), Map.of("KEY", value)::get)
                            .parse(
                                "dd.yml",
                                "sources: {dd: {type: datadog, api_key: '${KEY}', app_key: k}}\n"
                                    + "queries: [{name: q, source: dd}]\n"))
                .problems());
    assertEquals(
        "dd.yml: sources.dd.api_key: holds a character that is not allowed in an HTTP header"
            + " (non-ASCII or a control character)",
        inline);
    for (int i = 0; i + 3 <= value.length(); i++) {
      String part = value.substring(i, i + 3);
      assertFalse(fromFile.contains(part) || inline.contains(part), part);
    }
  }

  @Test
  void aSecretOfTheWrongShapeIsNotQuoted() {
    assertEquals(
        "dd.yml: sources.dd.api_key: must be a string, not a mapping",
        problems(
            "sources: {dd: {type: datadog, api_key: {key: QZXJ7WVKP}, app_key: k}}\n"
                + "queries: [{name: q, source: dd}]\n"));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
