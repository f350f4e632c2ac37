package io.statsbridge.source.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.statsbridge.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Datadog's own artifacts under {@code fixtures/vendor/datadog} (see the README there), read as
 * they are: the recorded cassettes of the official Python client and excerpts of the v2 OpenAPI
 * spec. Tests take bodies, examples and enums from them at run time rather than copying them.
 */
final class DatadogVendorFixtures {
  static final String OK_CASSETTE = "test_get_aggregated_connections_returns_ok_response.yaml";
  static final String BAD_REQUEST_CASSETTE =
      "test_get_all_aggregated_connections_returns_bad_request_response.yaml";
  static final String SCHEMAS = "openapi-v2-aggregated-connections.lines-57707-57824.yaml";
  static final String SERVERS = "openapi-v2-servers.lines-101244-101276.yaml";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatadogVendorFixtures() {}

  static JsonNode yaml(String name) {
    try {
      return YAML.readTree(Fixtures.read("vendor/datadog/" + name));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("vendor fixture " + name + " is not YAML", e);
    }
  }

  /** The one recorded response of a VCR cassette. */
  static JsonNode recordedResponse(String cassette) {
    JsonNode interactions = yaml(cassette).path("interactions");
    if (interactions.size() != 1) {
      throw new IllegalStateException(cassette + " holds " + interactions.size() + " interactions");
    }
    return interactions.get(0).path("response");
  }

  /** The recorded response served as it was recorded: status, content type and body. */
  static MockResponse replay(String cassette) {
    JsonNode response = recordedResponse(cassette);
    return new MockResponse.Builder()
        .code(response.path("status").path("code").asInt())
        .setHeader("Content-Type", response.path("headers").path("content-type").get(0).asText())
        .body(response.path("body").path("string").asText())
        .build();
  }

  /** A schema of the spec excerpt, by its name under {@code components.schemas}. */
  static JsonNode schema(String name) {
    JsonNode schema = yaml(SCHEMAS).path(name);
    if (schema.isMissingNode()) {
      throw new IllegalStateException("no schema " + name + " in " + SCHEMAS);
    }
    return schema;
  }

  /** The spec's example of a whole response, as the JSON an API would send. */
  static String exampleBody() {
    try {
      return JSON.writeValueAsString(
          schema("SingleAggregatedConnectionResponseArray").path("example"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names of the spec's attributes of an aggregated connection. */
  static List<String> attributeNames() {
    List<String> names = new ArrayList<>();
    schema("SingleAggregatedConnectionResponseDataAttributes")
        .path("properties")
        .fieldNames()
        .forEachRemaining(names::add);
    return names;
  }

  /** The {@code site} enum of the spec's first server, {@code https://{subdomain}.{site}}. */
  static List<String> specSites() {
    JsonNode server = yaml(SERVERS).path("servers").get(0);
    if (!server.path("url").asText().equals("https://{subdomain}.{site}")) {
      throw new IllegalStateException("the first server is " + server.path("url"));
    }
    List<String> sites = new ArrayList<>();
    server.path("variables").path("site").path("enum").forEach(s -> sites.add(s.asText()));
    return sites;
  }
}
