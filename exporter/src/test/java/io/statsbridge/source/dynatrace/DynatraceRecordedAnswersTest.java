package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Sources;
import io.statsbridge.testing.Upstreams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers Dynatrace gave (recorded by keptn-contrib/dynatrace-service) and the spec's own example,
 * served over HTTP to the real client; the numbers are the ones exported.
 */
class DynatraceRecordedAnswersTest {
  static final Window WINDOW =
      new Window(Instant.parse("2022-09-28T00:00:00Z"), Instant.parse("2022-09-29T00:00:00Z"));

  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** The query answer, and the descriptor for every {@code GET /api/v2/metrics/{selector}}. */
  private Batch poll(String answer, String descriptor) throws Exception {
    server =
        Upstreams.answering(
            r -> {
              requests.add(r);
              return json(
                  r.getUrl().encodedPath().endsWith("/api/v2/metrics/query") ? answer : descriptor);
            });
    SourceQuery q =
        Sources.firstQuery(
            """
            sources:
              dt: {type: dynatrace, url: "%s", api_token: t}
            queries:
              - {name: q, source: dt, metric_selector: "builtin:service.response.time"}
            """
                .formatted(server.url("/")),
            Map.of(),
            Clock.systemUTC());
    return q.fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5)));
  }

  private static Map<List<String>, Double> values(Table t) {
    Map<List<String>, Double> out = new HashMap<>();
    for (Row r : t.rows()) {
      out.put(r.labelValues(), r.value(0));
    }
    return out;
  }

  private long queryRequests() {
    return requests.stream()
        .filter(r -> r.getUrl().encodedPath().endsWith("/metrics/query"))
        .count();
  }

  @Test
  void tenServicesWithNamesAreTheirLatestValuesInSeconds() throws Exception {
    Batch batch =
        poll(
            VendorSpecs.read("keptn-query-services-with-names.json"),
            VendorSpecs.read("keptn-descriptor-response-time.json"));
    Table t = batch.tables().get(0);
    assertEquals("dynatrace_service_response_time_seconds", t.families().get(0).name());
    assertEquals(List.of("dt.entity.service.name", "dt.entity.service"), t.labelKeys());
    assertEquals(10, t.rows().size());
    Map<List<String>, Double> v = values(t);
    // The last value is null; the latest non-null one is 189576464 µs.
    assertEquals(
        189.576464,
        v.get(
            List.of("narf dynatrace-saas:1.246.9999.90000101-000000", "SERVICE-30B0C2B894843ABA")));
    assertEquals(
        4.899999925407926,
        v.get(
            List.of(
                "Requests executed in background threads of LAMBDA_1-IG-1",
                "SERVICE-A55819CF461C12BB")));
    assertEquals(0.005115, v.get(List.of("Service port: 8810", "SERVICE-608C9FF4EC34F5EC")));
    assertEquals(1, queryRequests(), "one request: the endpoint has no pages");
    assertTrue(requests.stream().noneMatch(r -> r.getUrl().queryParameter("nextPageKey") != null));
    assertFalse(batch.truncated());
    assertTrue(batch.remarks().warnings().isEmpty(), "a descriptor's warnings are not the data's");
  }

  @Test
  void threeServicesP95() throws Exception {
    Table t =
        poll(
                VendorSpecs.read("keptn-query-services-p95.json"),
                VendorSpecs.read("keptn-descriptor-response-time.json"))
            .tables()
            .get(0);
    assertEquals(
        Map.of(
            List.of("SERVICE-7A96961077A1AED2"), 2.038121,
            List.of("SERVICE-583C31D9DA560E1B"), 1.287283,
            List.of("SERVICE-504937D81F10F081"), 0.000653),
        values(t));
  }

  @Test
  void aNonEntityDimensionAndACountKeepTheirValues() throws Exception {
    Table t =
        poll(
                VendorSpecs.read("keptn-query-security-problems-by-type.json"),
                VendorSpecs.read("keptn-descriptor-security-problems.json"))
            .tables()
            .get(0);
    assertEquals("dynatrace_security_security_problem_open_global", t.families().get(0).name());
    assertEquals(List.of("Type"), t.labelKeys());
    assertEquals(
        Map.of(
            List.of("Third-party vulnerability"), 0.08878333333333333,
            List.of("Code-level vulnerability"), 0.016),
        values(t));
  }

  @Test
  void aResultWithoutDimensionsIsOneSeriesInBytes() throws Exception {
    Table t =
        poll(
                VendorSpecs.read("keptn-query-process-memory.json"),
                VendorSpecs.read("keptn-descriptor-process-memory.json"))
            .tables()
            .get(0);
    assertEquals("dynatrace_tech_generic_mem_working_set_size_bytes", t.families().get(0).name());
    assertEquals(List.of(), t.labelKeys());
    assertEquals(Map.of(List.of(), 1483425362.7951996), values(t));
  }

  @Test
  void warningsOfTheAnswerAndItsResultAreRemarksOnceAndEmptyDataIsNoData() throws Exception {
    Batch batch =
        poll(
            VendorSpecs.read("keptn-query-warnings-no-data.json"),
            VendorSpecs.read("keptn-descriptor-response-time.json"));
    assertEquals(0, batch.rowCount());
    assertEquals(
        List.of(
            "The dimension key `dt.entity.services` has been referenced, but `services` is not a"
                + " known entity type.",
            "The dimension key `dt.entity.services` has been referenced, but the metric has no"
                + " such key."),
        batch.remarks().warnings());
    assertTrue(batch.remarks().noData());
    assertFalse(batch.truncated());
  }

  @Test
  void aWarningBesideDataKeepsTheData() throws Exception {
    Batch batch =
        poll(
            VendorSpecs.read("keptn-query-warning-with-data.json"),
            VendorSpecs.read("keptn-descriptor-response-time.json"));
    assertEquals(
        List.of("SourceUnit 'MicroSecond' cannot be converted to targetUnit 'Byte'."),
        batch.remarks().warnings());
    assertEquals(1, batch.rowCount());
    assertFalse(batch.remarks().noData());
  }

  @Test
  void theSpecsExampleWithNextPageKeyNullStringIsOneRequest() throws Exception {
    // Before: the string "null" was taken for a page key and followed, every page answered the
    // same, until 20 pages made the result "truncated" (against Dynatrace: a 400 every poll).
    Batch batch =
        poll(
            VendorSpecs.metricDataExample(),
            "{\"metricId\":\"builtin:host.disk.avail\",\"unit\":\"Byte\"}");
    assertEquals(1, queryRequests());
    assertFalse(batch.truncated(), batch.remarks().toString());
    assertEquals(1, batch.rowCount(), "the item without dimensionMap is skipped");
    assertEquals(1, batch.remarks().skippedRows());
    Table disks = batch.tables().get(0);
    assertEquals(List.of("dt.entity.disk", "dt.entity.host"), disks.labelKeys());
    assertEquals(33.3, disks.rows().get(0).value(0));
  }

  @Test
  void theRemainderTupleIsLabelledRemainder() throws Exception {
    // No recorded answer has a remainder; the docs say its dimensionMap value is null. Put that
    // into a recorded answer.
    ObjectMapper json = new ObjectMapper();
    ObjectNode answer =
        (ObjectNode) json.readTree(VendorSpecs.read("keptn-query-services-p95.json"));
    ((ObjectNode) answer.path("result").get(0).path("data").get(2).path("dimensionMap"))
        .putNull("dt.entity.service");
    Table t =
        poll(answer.toString(), VendorSpecs.read("keptn-descriptor-response-time.json"))
            .tables()
            .get(0);
    assertEquals(0.000653, values(t).get(List.of("remainder")), values(t).toString());
    assertFalse(values(t).containsKey(List.of("null")));
  }

  @Test
  void aResultAtTheTupleLimitIsTruncated() throws Exception {
    // No recorded answer reached the limit: set the ratio of a recorded one to 1.
    ObjectMapper json = new ObjectMapper();
    ObjectNode answer =
        (ObjectNode) json.readTree(VendorSpecs.read("keptn-query-services-p95.json"));
    ((ObjectNode) answer.path("result").get(0)).put("dimensionCountRatio", 1.0);
    Batch batch = poll(answer.toString(), VendorSpecs.read("keptn-descriptor-response-time.json"));
    assertEquals(
        "builtin:service.response.time:percentile(95) reached Dynatrace's limit of dimension"
            + " tuples (dimensionCountRatio 1.0); Dynatrace ignores the tuples past it",
        batch.remarks().truncation().orElseThrow());
    assertEquals(3, batch.rowCount(), "what came is kept");
  }
}
