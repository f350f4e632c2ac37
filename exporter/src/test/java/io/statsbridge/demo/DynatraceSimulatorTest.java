package io.statsbridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Http;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Metrics API v2 answers held against answers Dynatrace gave (recorded by
 * keptn-contrib/dynatrace-service): the same keys of the same types, one result per metric, no
 * pages.
 */
class DynatraceSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FROM = 1_800_000_000_000L;
  private static final long TO = FROM + 5 * 60_000;

  private static JsonNode recorded() throws Exception {
    return JSON.readTree(Fixtures.read("vendor/dynatrace/keptn-query-services-p95.json"));
  }

  private static JsonNode query(Simulator simulator, String selector) throws Exception {
    HttpResponse<String> r =
        Http.get(
            simulator.url()
                + "/api/v2/metrics/query?metricSelector="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8)
                + "&from="
                + FROM
                + "&to="
                + TO,
            "Authorization",
            "Api-Token " + DynatraceSimulator.TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** The field names of an object, in order. */
  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  /** Same keys, in the same order, each of the same JSON type as the recorded one's. */
  private static void sameShape(JsonNode recorded, JsonNode simulated, String where) {
    assertEquals(keys(recorded), keys(simulated), where);
    for (String key : keys(recorded)) {
      assertEquals(
          recorded.get(key).getNodeType(), simulated.get(key).getNodeType(), where + "." + key);
    }
  }

  @Test
  void answersInTheShapeDynatraceAnswersIn() throws Exception {
    JsonNode recorded = recorded();
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      JsonNode answer = query(simulator, "builtin:service.response.time");
      sameShape(recorded, answer, "answer");
      assertTrue(answer.get("nextPageKey").isNull());
      JsonNode result = answer.get("result").get(0);
      sameShape(recorded.get("result").get(0), result, "result");
      JsonNode recordedItem = recorded.get("result").get(0).get("data").get(0);
      for (JsonNode item : result.get("data")) {
        sameShape(recordedItem, item, "data item");
        assertEquals(item.get("timestamps").size(), item.get("values").size());
        for (JsonNode t : item.get("timestamps")) {
          assertTrue(t.isIntegralNumber(), t.toString());
        }
        for (JsonNode v : item.get("values")) {
          assertTrue(v.isNumber() || v.isNull(), v.toString());
        }
      }
    }
  }

  @Test
  void oneResultPerMetricWithAllItsSeriesAndNoPages() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      JsonNode answer = query(simulator, "builtin:host.cpu.usage,builtin:service.response.time");
      JsonNode results = answer.get("result");
      assertEquals(2, results.size(), answer.toString());
      Set<String> ids = new HashSet<>();
      results.forEach(r -> ids.add(r.get("metricId").asText()));
      assertEquals(Set.of("builtin:host.cpu.usage", "builtin:service.response.time"), ids);
      assertEquals(Monitored.HOSTS.size(), results.get(0).get("data").size());
      assertEquals(Monitored.SERVICES.size(), results.get(1).get("data").size());
      assertTrue(answer.get("nextPageKey").isNull());
      assertEquals(
          Monitored.HOSTS.size() + Monitored.SERVICES.size(),
          answer.get("totalCount").asInt(),
          "primary entities");
      for (JsonNode r : results) {
        assertTrue(r.get("dimensionCountRatio").asDouble() < 1, r.toString());
      }
    }
  }

  @Test
  void pastItsTupleLimitTheRestIsIgnoredAndTheRatioReachesOne() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      simulator.dynatrace().tupleLimit(2);
      JsonNode results =
          query(simulator, "builtin:host.cpu.usage,builtin:service.response.time").get("result");
      assertEquals(2, results.get(0).get("data").size());
      assertEquals(1.5, results.get(0).get("dimensionCountRatio").asDouble());
      assertEquals(0, results.get(1).get("data").size());
      assertTrue(results.get(1).get("dimensionCountRatio").asDouble() >= 1);
    }
  }
}
