package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.SourceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/** Reads Dynatrace's v1 and v2 answers and its error model. */
final class DynatraceParser {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One v1 series: the {@code dataPoints} key (maybe several ids joined by ", ") and its value. */
  record V1Point(String entityId, String entityName, double value) {}

  /** A v1 answer. */
  record V1Result(String unit, String aggregation, List<V1Point> points) {}

  /** One v2 data item: its dimensions and latest non-null value. */
  record V2Item(Map<String, String> dimensions, double value) {}

  /** One page of a v2 answer. */
  record V2Page(Map<String, List<V2Item>> byMetric, Optional<String> nextPageKey) {}

  private DynatraceParser() {}

  static JsonNode read(String body) throws SourceException {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw malformed("body is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw malformed("body is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /**
   * v1: {@code {"result":{dataPoints, entities, unit, aggregationType, …}}}. The first point may
   * lie before the window (Dynatrace includes the slot the window starts in); points at or after
   * {@code endMillis} are predictions and count only when asked for.
   */
  static V1Result v1(String body, long endMillis, boolean includePredictions)
      throws SourceException {
    JsonNode result = read(body).path("result");
    if (!result.isObject()) {
      throw malformed("body has no \"result\" object");
    }
    JsonNode dataPoints = result.path("dataPoints");
    if (!dataPoints.isObject()) {
      throw malformed("result has no \"dataPoints\" object");
    }
    JsonNode entities = result.path("entities");
    List<V1Point> points = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = dataPoints.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isArray()) {
        throw malformed("dataPoints of " + e.getKey() + " is not a list");
      }
      OptionalDouble latest = OptionalDouble.empty();
      long latestTime = Long.MIN_VALUE;
      for (JsonNode p : e.getValue()) {
        if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber()) {
          throw malformed("a data point of " + e.getKey() + " is not [time, value]");
        }
        long t = p.get(0).asLong();
        if (!p.get(1).isNumber() || (t >= endMillis && !includePredictions) || t < latestTime) {
          continue;
        }
        latestTime = t;
        latest = OptionalDouble.of(p.get(1).asDouble());
      }
      if (latest.isPresent()) {
        points.add(new V1Point(e.getKey(), names(e.getKey(), entities), latest.getAsDouble()));
      }
    }
    return new V1Result(
        result.path("unit").asText(""), result.path("aggregationType").asText(""), points);
  }

  /** {@code "HOST-1, PROCESS_GROUP_INSTANCE-2"} → the names of both, joined the same way. */
  static String names(String key, JsonNode entities) {
    StringJoiner out = new StringJoiner(", ");
    for (String id : key.split(",")) {
      String trimmed = id.strip();
      out.add(entities.path(trimmed).asText(trimmed));
    }
    return out.toString();
  }

  /**
   * v2: {@code {"nextPageKey", "result":[{"metricId","data":[{dimensionMap, timestamps,
   * values}]}]}}.
   */
  static V2Page v2(String body) throws SourceException {
    JsonNode root = read(body);
    JsonNode result = root.path("result");
    if (!result.isArray()) {
      throw malformed("body has no \"result\" list");
    }
    Map<String, List<V2Item>> byMetric = new LinkedHashMap<>();
    for (JsonNode metric : result) {
      String id = metric.path("metricId").asText("");
      if (id.isEmpty()) {
        throw malformed("a result has no metricId");
      }
      List<V2Item> items = byMetric.computeIfAbsent(id, k -> new ArrayList<>());
      for (JsonNode data : metric.path("data")) {
        JsonNode values = data.path("values");
        if (!values.isArray()) {
          throw malformed("a data item of " + id + " has no values list");
        }
        double latest = Double.NaN;
        for (JsonNode v : values) {
          if (v.isNumber()) {
            latest = v.asDouble();
          }
        }
        if (Double.isNaN(latest)) {
          continue;
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        data.path("dimensionMap")
            .fields()
            .forEachRemaining(d -> dimensions.put(d.getKey(), d.getValue().asText()));
        items.add(new V2Item(dimensions, latest));
      }
    }
    JsonNode next = root.get("nextPageKey");
    return new V2Page(
        byMetric,
        next == null || next.isNull() || next.asText().isEmpty()
            ? Optional.empty()
            : Optional.of(next.asText()));
  }

  /** {@code {"error":{"code","message","constraintViolations":[{path, message}]}}} as one line. */
  static String errorText(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isObject()) {
        StringBuilder out = new StringBuilder(error.path("message").asText(""));
        JsonNode violations = error.path("constraintViolations");
        if (violations.isArray() && !violations.isEmpty()) {
          StringJoiner v = new StringJoiner("; ", " (", ")");
          for (JsonNode c : violations) {
            String path = c.path("path").asText("");
            v.add((path.isEmpty() ? "" : path + ": ") + c.path("message").asText(""));
          }
          out.append(v);
        }
        return out.toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: the raw text below
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  private static SourceException malformed(String what) {
    return new SourceException(SourceException.Kind.ERROR, "malformed Dynatrace response: " + what);
  }
}
