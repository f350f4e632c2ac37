package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Http;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's Datadog answers held against Datadog's own artifacts (the spec's schemas and example,
 * the recorded cassettes), read as raw JSON: no code of the client is involved, so the simulator
 * cannot agree with the parser merely by sharing its mistakes.
 */
class DatadogSimulatorAgainstVendorTest {
  /**
   * Attributes the spec gained after the excerpt under fixtures/vendor/datadog was cut: "Add TCP
   * congestion signals to CNM aggregated connections spec" (datadog-api-client-java commit
   * f5f4214528668df3087551f49bdd6c2cc3521fd2), integers like the others.
   */
  static final List<String> LATER_ATTRIBUTES =
      List.of(
          "tcp_delivered_ce",
          "tcp_probe0_count",
          "tcp_rcv_ooo_pack",
          "tcp_recovery_count",
          "tcp_reord_seen",
          "tcp_rto_count");

  static final String[] KEYS = {
    "DD-API-KEY", Simulator.DEMO_API_KEY, "DD-APPLICATION-KEY", Simulator.DEMO_APP_KEY
  };
  static final ObjectMapper JSON = new ObjectMapper();

  private Simulator simulator;

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(6, 12), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> get(String query) {
    return Http.get(simulator.url() + DatadogSimulator.PATH + "?" + query, KEYS);
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> out = new HashSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String contentType(String cassette) {
    return DatadogVendorFixtures.recordedResponse(cassette)
        .path("headers")
        .path("content-type")
        .get(0)
        .asText();
  }

  @Test
  void anAnswerHasTheSpecsKeysTypesAndNesting() throws Exception {
    HttpResponse<String> r =
        get("from=1800000000&to=1800000300&group_by=client_service,server_team&limit=50");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(
        contentType(DatadogVendorFixtures.OK_CASSETTE),
        r.headers().firstValue("Content-Type").orElse(""));
    JsonNode body = JSON.readTree(r.body());
    JsonNode array = DatadogVendorFixtures.schema("SingleAggregatedConnectionResponseArray");
    assertEquals(fields(array.path("properties")), fields(body));
    assertTrue(body.path("data").isArray() && !body.path("data").isEmpty(), r.body());

    JsonNode example = array.path("example").path("data").get(0);
    Set<String> itemKeys =
        fields(
            DatadogVendorFixtures.schema("SingleAggregatedConnectionResponseData")
                .path("properties"));
    assertEquals(itemKeys, fields(example), "the example shows every key of an item");
    List<String> types = new ArrayList<>();
    DatadogVendorFixtures.schema("SingleAggregatedConnectionResponseDataType")
        .path("enum")
        .forEach(t -> types.add(t.asText()));
    Set<String> attributeKeys = new HashSet<>(DatadogVendorFixtures.attributeNames());
    attributeKeys.addAll(LATER_ATTRIBUTES);

    for (JsonNode item : body.path("data")) {
      assertEquals(itemKeys, fields(item), item.toString());
      assertTrue(types.contains(item.path("type").asText()), item.toString());
      JsonNode attributes = item.path("attributes");
      assertTrue(attributeKeys.containsAll(fields(attributes)), attributes.toString());
      assertTrue(
          fields(attributes).containsAll(fields(example.path("attributes"))),
          "the simulator sends at least what the example shows: " + attributes);
      StringJoiner id = new StringJoiner(", ");
      for (String key : attributeKeys) {
        JsonNode value = attributes.path(key);
        if (key.equals("group_bys")) {
          assertEquals(Set.of("client_service", "server_team"), fields(value));
          value
              .fields()
              .forEachRemaining(
                  e -> {
                    assertTrue(e.getValue().isArray() && e.getValue().size() == 1, item.toString());
                    assertTrue(e.getValue().get(0).isTextual(), item.toString());
                  });
        } else if (!value.isMissingNode()) {
          assertTrue(value.isIntegralNumber() && value.canConvertToLong(), key + ": " + value);
          assertTrue(value.asLong() >= 0, key + ": " + value);
        }
      }
      for (String key : List.of("client_service", "server_team")) {
        id.add(key + ":" + attributes.path("group_bys").path(key).get(0).asText());
      }
      assertTrue(item.path("id").isTextual());
      assertEquals(id.toString(), item.path("id").asText(), "the id reads as the example's");
    }
  }

  @Test
  void anAnswerWithNoConnectionsIsTheRecordedOneByteForByte() {
    HttpResponse<String> r =
        get("from=1800000000&to=1800000300&group_by=client_service&tags=client_service:nowhere");
    JsonNode recorded = DatadogVendorFixtures.recordedResponse(DatadogVendorFixtures.OK_CASSETTE);
    assertEquals(recorded.path("status").path("code").asInt(), r.statusCode());
    assertEquals(recorded.path("body").path("string").asText(), r.body());
    assertEquals(
        contentType(DatadogVendorFixtures.OK_CASSETTE),
        r.headers().firstValue("Content-Type").orElse(""));
  }

  /**
   * The recording asked for 6000 when the spec's maximum was 5000; today's is 7500, so the
   * simulator refuses 7501 the same way.
   */
  @Test
  void aLimitOverTheMaximumIsRefusedAsRecorded() throws Exception {
    HttpResponse<String> r = get("limit=7501");
    JsonNode recorded =
        DatadogVendorFixtures.recordedResponse(DatadogVendorFixtures.BAD_REQUEST_CASSETTE);
    assertEquals(recorded.path("status").path("code").asInt(), r.statusCode());
    assertEquals(
        contentType(DatadogVendorFixtures.BAD_REQUEST_CASSETTE),
        r.headers().firstValue("Content-Type").orElse(""));
    JsonNode want = JSON.readTree(recorded.path("body").path("string").asText()).path("errors");
    JsonNode got = JSON.readTree(r.body()).path("errors");
    assertEquals(1, got.size(), r.body());
    assertTrue(fields(got.get(0)).containsAll(fields(want.get(0))), r.body());
    assertEquals(want.get(0).path("status"), got.get(0).path("status"));
    assertEquals(want.get(0).path("title"), got.get(0).path("title"));
    assertFalse(get("limit=7500").statusCode() == 400);
  }
}
