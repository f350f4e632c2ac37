package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statsbridge.app.Providers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unknown key is reported once, with every key its place accepts and a guess at a typo. */
class UnknownKeysTest {
  private static List<String> problems(String yaml) {
    return assertThrows(
            ConfigException.class,
            () -> Providers.loaders().create(ConfigLoaderTest.ENV::get).parse("s.yml", yaml))
        .problems();
  }

  static final String DD = "sources:\n  dd: {type: datadog, api_key: k, app_key: k}\n";

  @Test
  void aQueryKeyIsReportedOnceWithTheCommonAndTheSourceTypesKeys() {
    assertEquals(
        List.of(
            "s.yml: queries[0].gruop_by: unknown key, did you mean group_by? (known keys: name,"
                + " source, interval, delay, timeout, max_window, series_ttl, new_series_delay,"
                + " max_rows, labels, group_by, tags, query, limit, attributes)"),
        problems(DD + "queries: [{name: q, source: dd, gruop_by: [client_service]}]"));
  }

  @Test
  void aTopLevelKeyIsReportedWithItsNearMiss() {
    assertEquals(
        List.of(
            "s.yml: soruces: unknown key, did you mean sources? (known keys: defaults, sources,"
                + " queries)"),
        problems(DD + "queries: [{name: q, source: dd}]\nsoruces: {}\n"));
  }

  @Test
  void aDefaultsKeyIsReportedWithEveryQueryKeyOfEverySourceType() {
    String problem =
        problems(DD + "defaults: {intervall: 5m}\nqueries: [{name: q, source: dd}]").get(0);
    assertEquals(
        "s.yml: defaults.intervall: unknown key, did you mean interval? (known keys: interval,"
            + " delay, timeout, max_window, series_ttl, new_series_delay, max_rows, labels, group_by, tags, query,"
            + " limit, attributes, timeseries_id, metric_selector, aggregation, query_mode, entities,"
            + " percentile, relative_time, include_predictions, entity_selector, resolution,"
            + " metric_name, unit, cdns, metric_types, per_cache, exclude, stats_interval, stats)",
        problem);
  }

  @Test
  void aSourceKeyIsReportedWithTypeAmongTheKnownKeys() {
    assertEquals(
        List.of(
            "s.yml: sources.dd.apiKey: unknown key, did you mean api_key? (known keys: type,"
                + " site, base_url, api_key, api_key_file, app_key, app_key_file, granularity,"
                + " proxy_url, no_proxy, proxy_from_environment, proxy_connect_header)"),
        problems(
            "sources:\n  dd: {type: datadog, apiKey: k, app_key: k}\n"
                + "queries: [{name: q, source: dd}]"));
  }

  @Test
  void aNestedKeyIsReportedWithItsNearMiss() {
    assertEquals(
        List.of(
            "s.yml: sources.cdn.tls.ca_fiel: unknown key, did you mean ca_file? (known keys:"
                + " ca_file, insecure_skip_verify)"),
        problems(
            """
            sources:
              cdn: {type: traffic_ops, url: "https://to", username: u, password: p, tls: {ca_fiel: /ca.pem}}
            queries: [{name: q, source: cdn, cdns: [x]}]
            """));
  }

  @Test
  void aKeyFarFromEveryKnownKeyGetsNoGuess() {
    assertEquals(
        List.of(
            "s.yml: sources.dd.proxy: unknown key (known keys: type, site, base_url, api_key,"
                + " api_key_file, app_key, app_key_file, granularity, proxy_url, no_proxy,"
                + " proxy_from_environment, proxy_connect_header)"),
        problems(
            "sources:\n  dd: {type: datadog, proxy: p, api_key: k, app_key: k}\n"
                + "queries: [{name: q, source: dd}]"));
  }

  @Test
  void nearMissesAreEditsOrSwapsOfNeighbours() {
    List<String> keys = List.of("group_by", "tags", "limit");
    assertEquals("group_by", UnknownKeys.nearest("gruop_by", keys).orElseThrow());
    assertEquals("group_by", UnknownKeys.nearest("groupBy", keys).orElseThrow());
    assertEquals("tags", UnknownKeys.nearest("tag", keys).orElseThrow());
    assertEquals("limit", UnknownKeys.nearest("limt", keys).orElseThrow());
    assertEquals(java.util.Optional.empty(), UnknownKeys.nearest("colour", keys));
    assertEquals(java.util.Optional.empty(), UnknownKeys.nearest("xy", List.of("to")));
  }
}
