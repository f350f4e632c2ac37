package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.testing.Fixtures;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynatrace's published artifacts under {@code fixtures/vendor/dynatrace/} (provenance in the
 * README there). The OpenAPI specs are exact line ranges of {@code "components"."schemas"}: a run
 * of {@code "Name": {…},} members, read here as one JSON object.
 */
final class VendorSpecs {
  static final String DIR = "vendor/dynatrace/";
  static final String V2_2021_DESCRIPTOR =
      DIR + "env-v2-2021-MetricDescriptor.lines-7622-7777.json";
  static final String V2_2023_SCHEMAS =
      DIR + "env-v2-2023-MetricData-to-MetricSeriesCollection.lines-19687-20569.json";
  static final String V1_2023_DATA_POINTS =
      DIR + "env-v1-2023-TimeseriesDataPointQueryResult.lines-16727-16874.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VendorSpecs() {}

  static String read(String name) {
    return Fixtures.read(DIR + name);
  }

  /** The schemas of a spec fragment, by name. */
  static JsonNode schemas(String fixture) {
    String members = Fixtures.read(fixture).strip();
    if (members.endsWith(",")) {
      members = members.substring(0, members.length() - 1);
    }
    try {
      return JSON.readTree("{" + members + "}");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The v2 unit enum: {@code MetricDescriptor.unit} (2021) and {@code MetricEvidence.unit}. */
  static List<String> v2Units() {
    List<String> units = new ArrayList<>();
    schemas(V2_2021_DESCRIPTOR)
        .path("MetricDescriptor")
        .path("properties")
        .path("unit")
        .path("enum")
        .forEach(u -> units.add(u.asText()));
    for (JsonNode part : schemas(V2_2023_SCHEMAS).path("MetricEvidence").path("allOf")) {
      part.path("properties").path("unit").path("enum").forEach(u -> add(units, u.asText()));
    }
    return units;
  }

  /** The v1 unit enum of {@code TimeseriesDataPointQueryResult.unit}, as v1 spells it. */
  static List<String> v1Units() {
    List<String> units = new ArrayList<>();
    schemas(V1_2023_DATA_POINTS)
        .path("TimeseriesDataPointQueryResult")
        .path("properties")
        .path("unit")
        .path("enum")
        .forEach(u -> units.add(u.asText()));
    return units;
  }

  /** The {@code MetricData} example of the 2023 spec, which has {@code "nextPageKey": "null"}. */
  static String metricDataExample() {
    return schemas(V2_2023_SCHEMAS).path("MetricData").path("example").toString();
  }

  private static void add(List<String> units, String unit) {
    if (!units.contains(unit)) {
      units.add(unit);
    }
  }
}
