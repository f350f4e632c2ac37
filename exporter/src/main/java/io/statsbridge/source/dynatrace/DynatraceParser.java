package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.SourceException;
import io.statsbridge.status.Remarks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.StringJoiner;

/** Reads Dynatrace's v1 and v2 answers and its error model. */
final class DynatraceParser {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One v1 series: the {@code dataPoints} key (maybe several ids joined by ", ") and its value. */
  record V1Point(String entityId, String entityName, double value) {}

  /** A v1 answer. */
  record V1Result(String unit, String aggregation, List<V1Point> points) {}

  /**
   * The label value of the remainder tuple: the values a top-x transformation did not keep, which
   * Dynatrace sends as a JSON null ({@code "dimensionMap":{"dt.entity.host":null}}). A missing key
   * is an empty label, as ever; {@code "null"} would read as a value named so.
   */
  static final String REMAINDER = "remainder";

  /** One v2 data item: its dimensions and latest non-null value. */
  record V2Item(Map<String, String> dimensions, double value) {}

  /** A v2 answer: the data items of each metricId, and what Dynatrace said besides. */
  record V2Answer(Map<String, List<V2Item>> byMetric, Remarks remarks) {}

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
    for (Iterator<Map.Entry<String, JsonNode>> it = dataPoints.properties().iterator();
        it.hasNext(); ) {
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
   * v2: {@code {"totalCount", "nextPageKey", "resolution", "warnings", "result":[{"metricId",
   * "dataPointCountRatio", "dimensionCountRatio", "warnings", "data":[{"dimensions",
   * "dimensionMap", "timestamps", "values"}]}]}} (Environment API v2, {@code MetricData}).
   *
   * <p>{@code nextPageKey} is not read: the query endpoint takes no such parameter, and the spec
   * calls the field deprecated and always null (its own example has the string {@code "null"}).
   * {@code totalCount} counts primary entities, not series, so it says nothing about a cut. What
   * does: a {@code dimensionCountRatio} or {@code dataPointCountRatio} of 1 or more, the share of
   * the query's tuple or data-point limit that it used (past the limit Dynatrace ignores the rest).
   * Dynatrace's {@code warnings}, of the answer and of each result, become the remarks' warnings,
   * each once.
   */
  static V2Answer v2(String body) throws SourceException {
    JsonNode root = read(body);
    JsonNode result = root.path("result");
    if (!result.isArray()) {
      throw malformed("body has no \"result\" list");
    }
    Set<String> answerWarnings = texts(root.path("warnings"));
    Set<String> warnings = new LinkedHashSet<>(answerWarnings);
    Remarks remarks = Remarks.NONE;
    Map<String, List<V2Item>> byMetric = new LinkedHashMap<>();
    boolean anyData = false;
    long unnamed = 0;
    for (JsonNode metric : result) {
      String id = metric.path("metricId").asText("");
      if (id.isEmpty()) {
        throw malformed("a result has no metricId");
      }
      for (String w : texts(metric.path("warnings"))) {
        if (!answerWarnings.contains(w)) {
          warnings.add(id + ": " + w);
        }
      }
      remarks = remarks.and(limitsReached(id, metric));
      JsonNode data = metric.path("data");
      if (!data.isMissingNode() && !data.isNull() && !data.isArray()) {
        throw malformed("the data of " + id + " is not a list");
      }
      List<V2Item> items = byMetric.computeIfAbsent(id, k -> new ArrayList<>());
      for (JsonNode item : data) {
        OptionalDouble latest = latest(id, item);
        if (latest.isEmpty()) {
          continue;
        }
        anyData = true;
        Optional<Map<String, String>> dimensions = dimensions(item);
        if (dimensions.isEmpty()) {
          unnamed++;
          continue;
        }
        items.add(new V2Item(dimensions.get(), latest.getAsDouble()));
      }
    }
    Remarks said = Remarks.NONE;
    for (String w : warnings) {
      said = said.warning(w);
    }
    said =
        said.and(remarks)
            .skipped(
                unnamed,
                unnamed
                    + " data item(s) with dimensions but no dimensionMap left out: their labels"
                    + " have no names");
    return new V2Answer(byMetric, anyData ? said : said.noDataFound());
  }

  /** The latest non-null value of a data item's {@code values}, if it has one. */
  private static OptionalDouble latest(String id, JsonNode item) throws SourceException {
    JsonNode values = item.path("values");
    if (!values.isArray()) {
      throw malformed("a data item of " + id + " has no values list");
    }
    OptionalDouble latest = OptionalDouble.empty();
    for (JsonNode v : values) {
      if (v.isNumber()) {
        latest = OptionalDouble.of(v.asDouble());
      }
    }
    return latest;
  }

  /**
   * The item's {@code dimensionMap}, the remainder tuple's JSON null spelled {@link #REMAINDER}.
   * Empty when the map is missing but {@code dimensions} is not: the values have no keys to name
   * them (the spec's own {@code MetricData} example has such an item).
   */
  private static Optional<Map<String, String>> dimensions(JsonNode item) {
    JsonNode map = item.get("dimensionMap");
    Map<String, String> dimensions = new LinkedHashMap<>();
    if (map == null || !map.isObject()) {
      return item.path("dimensions").isEmpty() ? Optional.of(dimensions) : Optional.empty();
    }
    map.properties()
        .forEach(
            d ->
                dimensions.put(
                    d.getKey(), d.getValue().isNull() ? REMAINDER : d.getValue().asText()));
    return Optional.of(dimensions);
  }

  /** Truncated, when a result used its whole tuple or data-point limit. */
  private static Remarks limitsReached(String id, JsonNode metric) {
    JsonNode tuples = metric.path("dimensionCountRatio");
    JsonNode points = metric.path("dataPointCountRatio");
    if (tuples.asDouble(0) >= 1) {
      return Remarks.NONE.truncated(
          id
              + " reached Dynatrace's limit of dimension tuples (dimensionCountRatio "
              + tuples.asText()
              + "); Dynatrace ignores the tuples past it");
    }
    if (points.asDouble(0) >= 1) {
      return Remarks.NONE.truncated(
          id
              + " reached Dynatrace's limit of data points (dataPointCountRatio "
              + points.asText()
              + ")");
    }
    return Remarks.NONE;
  }

  private static Set<String> texts(JsonNode list) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode t : list) {
      if (t.isTextual() && !t.asText().isBlank()) {
        out.add(t.asText());
      }
    }
    return out;
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
