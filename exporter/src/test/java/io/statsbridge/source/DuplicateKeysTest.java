package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream object that gives one key twice is refused, whichever upstream and wherever in the
 * body: a streaming reader would take both values (Datadog's {@code "data"} twice counted every row
 * twice), a tree the last, and neither is what the upstream meant. The config's YAML is read the
 * same way.
 */
class DuplicateKeysTest {
  static final Window WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SourceQuery query(String source, String query) throws Exception {
    return Sources.firstQuery(
        """
        sources:
          up: %s
        queries:
          - %s
        """
            .formatted(source.formatted(server.url("/")), query),
        Map.of(),
        Clock.systemUTC());
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse login() {
    return new MockResponse.Builder()
        .addHeader("Set-Cookie", "mojolicious=c; Max-Age=3600")
        .body(Fixtures.read("trafficops-login-response.json"))
        .build();
  }

  /** The poll fails as malformed, naming the key given twice. */
  private void refused(SourceQuery q, String vendor, String key) {
    SourceException e =
        assertThrows(
            SourceException.class, () -> q.fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5))));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertTrue(e.getMessage().startsWith("malformed " + vendor + " response: "), e.getMessage());
    assertTrue(e.getMessage().contains("twice") && e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void datadogDataGivenTwiceIsRefusedNotCountedTwice() throws Exception {
    String datadog = "{type: datadog, base_url: \"%s\", api_key: k, app_key: a}";
    SourceQuery q = query(datadog, "{name: q, source: up, group_by: [client_team]}");
    String data =
        "\"data\":[{\"attributes\":{\"group_bys\":{\"client_team\":[\"a\"]},\"tcp_resets\":5}}]";
    server.enqueue(json("{" + data + "," + data + "}"));
    refused(q, "Datadog", "data");
    server.enqueue(
        json("{\"data\":[{\"attributes\":{\"tcp_resets\":5,\"group_bys\":{},\"tcp_resets\":6}}]}"));
    refused(q, "Datadog", "tcp_resets");
    server.enqueue(
        json(
            "{\"data\":[{\"attributes\":{\"group_bys\":{\"client_team\":[\"a\"],\"client_team\":[\"b\"]}}}]}"));
    refused(q, "Datadog", "client_team");
    server.enqueue(json("{\"data\":[{\"attributes\":{},\"attributes\":{\"tcp_resets\":5}}]}"));
    refused(q, "Datadog", "attributes");
    server.enqueue(json("{\"data\":null,\"data\":[]}"));
    refused(q, "Datadog", "data");
  }

  @Test
  void dynatraceKeysGivenTwiceAreRefusedInV1AndV2() throws Exception {
    String dynatrace = "{type: dynatrace, url: \"%s\", api_token: t}";
    SourceQuery v1 = query(dynatrace, "{name: q, source: up, timeseries_id: \"builtin:x\"}");
    server.enqueue(
        json(
            "{\"result\":{\"dataPoints\":{\"HOST-1\":[[1,1]],\"HOST-1\":[[1,2]]},\"unit\":\"Count\"}}"));
    refused(v1, "Dynatrace", "HOST-1");

    SourceQuery v2 =
        query(dynatrace, "{name: q, source: up, metric_selector: \"builtin:x\", unit: Count}");
    String result =
        "\"result\":[{\"metricId\":\"builtin:x\",\"data\":[{\"dimensionMap\":{},\"values\":[1]}]}]";
    server.enqueue(json("{" + result + "," + result + "}"));
    refused(v2, "Dynatrace", "result");
    server.enqueue(
        json(
            "{\"result\":[{\"metricId\":\"builtin:x\",\"data\":[{\"dimensionMap\":{\"h\":\"a\",\"h\":\"b\"},\"values\":[1]}]}]}"));
    refused(v2, "Dynatrace", "h");
  }

  @Test
  void trafficOpsKeysGivenTwiceAreRefused() throws Exception {
    String trafficOps = "{type: traffic_ops, url: \"%s\", username: u, password: p}";
    SourceQuery cdn =
        query(trafficOps, "{name: q, source: up, cdns: [a], metric_types: [bandwidth]}");
    server.enqueue(login());
    server.enqueue(
        json(
            "{\"response\":{\"series\":{\"values\":[[1572295680000000000,7]],\"values\":[[1572295680000000000,9]]}}}"));
    refused(cdn, "Traffic Ops", "values");

    SourceQuery caches = query(trafficOps, "{name: q, source: up, per_cache: true}");
    server.enqueue(login());
    server.enqueue(
        json(
            "{\"response\":[{\"hostname\":\"edge-1\",\"cachegroup\":\"cg\",\"kbps\":1,\"kbps\":2}]}"));
    refused(caches, "Traffic Ops", "kbps");
  }
}
