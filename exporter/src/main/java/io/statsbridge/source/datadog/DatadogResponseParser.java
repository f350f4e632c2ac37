package io.statsbridge.source.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.Batch;
import io.statsbridge.source.Row;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads {@code {"data":[{"attributes":{…,"group_bys":{key:[values]}}}]}} tolerantly: unknown fields
 * are ignored, a missing, null or non-numeric attribute yields no sample, and a negative count
 * (which would make a counter go down) is dropped. A body that is not this shape fails the poll.
 */
final class DatadogResponseParser {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final DatadogAttribute[] ATTRIBUTES = DatadogAttribute.values();

  private DatadogResponseParser() {}

  static Batch parse(String body, List<String> groupBy, List<String> labelNames, int limit)
      throws SourceException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed("body is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw malformed("body has no \"data\" array");
    }
    List<Row> rows = new ArrayList<>(data.size());
    for (JsonNode item : data) {
      JsonNode attributes = item.path("attributes");
      if (!attributes.isObject()) {
        throw malformed("a data item has no \"attributes\" object");
      }
      rows.add(row(attributes, groupBy));
    }
    return Batch.of(new Table(labelNames, DatadogAttribute.FAMILIES, rows), rows.size() >= limit);
  }

  private static Row row(JsonNode attributes, List<String> groupBy) {
    JsonNode groups = attributes.path("group_bys");
    List<String> labels = new ArrayList<>(groupBy.size());
    for (String key : groupBy) {
      labels.add(joined(groups.get(key)));
    }
    double[] values = new double[ATTRIBUTES.length];
    Arrays.fill(values, Double.NaN);
    for (int i = 0; i < ATTRIBUTES.length; i++) {
      JsonNode v = attributes.get(ATTRIBUTES[i].json);
      if (v != null && v.isNumber()) {
        double d = v.asDouble();
        if (d >= 0 && Double.isFinite(d)) {
          values[i] = d / ATTRIBUTES[i].divisor;
        }
      }
    }
    return new Row(labels, values);
  }

  /** Group-by values are lists upstream; several values are joined with {@code ,}. */
  private static String joined(JsonNode values) {
    if (values == null || values.isNull()) {
      return "";
    }
    if (!values.isArray()) {
      return values.asText();
    }
    StringJoiner out = new StringJoiner(",");
    for (JsonNode v : values) {
      out.add(v.isNull() ? "" : v.asText());
    }
    return out.toString();
  }

  private static SourceException malformed(String what) {
    return new SourceException(SourceException.Kind.ERROR, "malformed Datadog response: " + what);
  }

  /**
   * The text of an error body. The spec documents {@code {"errors":["Bad Request"]}}; the API
   * really sends JSON:API objects {@code {"status":"400","title":…,"detail":…}}. Both are read.
   */
  static String errorText(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        StringJoiner out = new StringJoiner("; ");
        for (JsonNode e : errors) {
          if (e.isTextual()) {
            out.add(e.asText());
          } else if (e.isObject()) {
            String title = e.path("title").asText("");
            String detail = e.path("detail").asText("");
            out.add(title.isEmpty() || detail.isEmpty() ? title + detail : title + ": " + detail);
          }
        }
        return out.toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: fall back to the raw text below
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }
}
