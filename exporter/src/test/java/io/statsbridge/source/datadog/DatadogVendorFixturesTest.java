package io.statsbridge.source.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.config.Secret;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Exposed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datadog's recorded answers and documented examples, served over HTTP to the real client: what the
 * API really sent and what its spec shows must poll and export as the vendor meant them.
 */
class DatadogVendorFixturesTest {
  private MockWebServer server;
  private SourceQuery query;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    DatadogSettings settings =
        new DatadogSettings(
            server.url("/"), new Secret("api"), new Secret("app"), Duration.ofMinutes(5));
    query =
        new DatadogProvider()
            .open("dd", settings, new SourceContext(new OkHttpClient(), Clock.systemUTC()))
            .bind(
                "q",
                new DatadogQuerySpec(List.of("client_team", "server_service"), List.of(), "", 100));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Batch fetch(MockResponse answer) throws SourceException {
    server.enqueue(answer);
    return query.fetch(DatadogSourceTest.WINDOW, Deadlines.within(Duration.ofSeconds(2)));
  }

  @Test
  void theRecordedAnswerWithNoConnectionsIsASuccessWithNoData() throws Exception {
    Batch batch = fetch(DatadogVendorFixtures.replay(DatadogVendorFixtures.OK_CASSETTE));
    assertEquals(0, batch.rowCount());
    assertEquals("", Exposed.text(batch));
    assertTrue(batch.remarks().noData(), batch.remarks().toString());
    assertEquals(List.of(), batch.remarks().warnings());
    assertEquals(0, batch.remarks().skippedRows());
    assertFalse(batch.truncated());
  }

  @Test
  void theRequestIsTheOneTheRecordingShows() throws Exception {
    fetch(DatadogVendorFixtures.replay(DatadogVendorFixtures.OK_CASSETTE));
    JsonNode recorded =
        DatadogVendorFixtures.yaml(DatadogVendorFixtures.OK_CASSETTE)
            .path("interactions")
            .get(0)
            .path("request");
    RecordedRequest sent = server.takeRequest();
    assertEquals(recorded.path("method").asText(), sent.getMethod());
    assertEquals(
        HttpUrl.get(recorded.path("uri").asText()).encodedPath(), sent.getUrl().encodedPath());
    assertEquals(
        recorded.path("headers").path("accept").get(0).asText(), sent.getHeaders().get("Accept"));
  }

  @Test
  void theRecordedBadRequestFailsThePollWithItsTitle() {
    server.enqueue(DatadogVendorFixtures.replay(DatadogVendorFixtures.BAD_REQUEST_CASSETTE));
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> query.fetch(DatadogSourceTest.WINDOW, Deadlines.within(Duration.ofSeconds(2))));
    assertEquals(SourceException.Kind.ERROR, e.kind());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("HTTP 400: Invalid limit"), e.getMessage());
  }

  @Test
  void theSpecsExampleExportsEachOfItsNumbers() throws Exception {
    Batch batch =
        fetch(
            new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body(DatadogVendorFixtures.exampleBody())
                .build());
    String labels = "{query=\"q\",client_team=\"networks\",server_service=\"hucklebuck\"} ";
    assertEquals(
        String.join(
            "",
            "datadog_cnm_tcp_established_connections_per_second" + labels + "40\n",
            "datadog_cnm_tcp_closed_connections_per_second" + labels + "30\n",
            "datadog_cnm_rtt_seconds" + labels + "0.0008\n",
            "datadog_cnm_bytes_sent_by_client_total" + labels + "100\n",
            "datadog_cnm_bytes_sent_by_server_total" + labels + "200\n",
            "datadog_cnm_packets_sent_by_client_total" + labels + "10\n",
            "datadog_cnm_packets_sent_by_server_total" + labels + "20\n",
            "datadog_cnm_tcp_refusals_total" + labels + "7\n",
            "datadog_cnm_tcp_resets_total" + labels + "5\n",
            "datadog_cnm_tcp_timeouts_total" + labels + "6\n",
            "datadog_cnm_tcp_retransmits_total" + labels + "30\n"),
        Exposed.text(batch));
    assertEquals(Remarks.NONE, batch.remarks());
  }

  @Test
  void everyAttributeOfTheSpecIsReadAsTheSpecTypesIt() {
    JsonNode properties =
        DatadogVendorFixtures.schema("SingleAggregatedConnectionResponseDataAttributes")
            .path("properties");
    List<String> numbers = new ArrayList<>();
    for (String name : DatadogVendorFixtures.attributeNames()) {
      JsonNode p = properties.path(name);
      if (name.equals("group_bys")) {
        assertEquals("object", p.path("type").asText());
        assertEquals("array", p.path("additionalProperties").path("type").asText());
        assertEquals("string", p.path("additionalProperties").path("items").path("type").asText());
      } else {
        assertEquals("integer", p.path("type").asText(), name);
        numbers.add(name);
      }
    }
    assertTrue(DatadogAttribute.NAMES.containsAll(numbers), numbers.toString());
    assertEquals(11, numbers.size(), "this spec excerpt predates the six TCP congestion signals");
  }

  @Test
  void everyAttributeTheSpecListsIsAnInt64() {
    // The type a count is held against: a value outside int64 skips its row (OutOfRangeValuesTest).
    JsonNode properties =
        DatadogVendorFixtures.schema("SingleAggregatedConnectionResponseDataAttributes")
            .path("properties");
    List<String> numeric = new ArrayList<>(DatadogVendorFixtures.attributeNames());
    numeric.remove("group_bys");
    assertEquals(11, numeric.size(), numeric.toString());
    for (String name : numeric) {
      assertEquals("integer", properties.path(name).path("type").asText(), name);
      assertEquals("int64", properties.path(name).path("format").asText(), name);
      assertTrue(DatadogAttribute.NAMES.contains(name), name);
    }
  }
}
