package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Dynatrace's v1 and v2 answers, read as they stream in ({@link V1Reader}, {@link V2Reader}), its
 * metric descriptors and its error model. A key given twice fails the body.
 */
final class DynatraceParser {

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

  /** A small body (a metric descriptor) as a tree; it must be a JSON object. */
  static JsonNode read(String body) throws SourceException {
    try {
      JsonNode root = UpstreamJson.tree(body);
      if (root == null || !root.isObject()) {
        throw malformed("body is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw malformed(UpstreamJson.problem(e));
    }
  }

  /** v1, read as it streams in ({@link V1Reader}). */
  static V1Result v1(InputStream body, long endMillis, boolean includePredictions)
      throws IOException, SourceException {
    return V1Reader.read(body, endMillis, includePredictions);
  }

  /** As {@link #v1(InputStream, long, boolean)}, for a body at hand (fixtures). */
  static V1Result v1(String body, long endMillis, boolean includePredictions)
      throws SourceException {
    try {
      return v1(bytes(body), endMillis, includePredictions);
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * v2: {@code {"totalCount", "nextPageKey", "resolution", "warnings", "result":[{"metricId",
   * "dataPointCountRatio", "dimensionCountRatio", "warnings", "data":[{"dimensions",
   * "dimensionMap", "timestamps", "values"}]}]}} (Environment API v2, {@code MetricData}), read as
   * it streams in ({@link V2Reader}).
   *
   * <p>{@code nextPageKey} is not read: the query endpoint takes no such parameter, and the spec
   * calls the field deprecated and always null (its own example has the string {@code "null"}).
   * {@code totalCount} counts primary entities, not series, so it says nothing about a cut. What
   * does: a {@code dimensionCountRatio} or {@code dataPointCountRatio} of 1 or more, the share of
   * the query's tuple or data-point limit that it used (past the limit Dynatrace ignores the rest).
   * Dynatrace's {@code warnings}, of the answer and of each result, become the remarks' warnings,
   * each once.
   */
  static V2Answer v2(InputStream body) throws IOException, SourceException {
    return V2Reader.read(body);
  }

  /** As {@link #v2(InputStream)}, for a body at hand (fixtures). */
  static V2Answer v2(String body) throws SourceException {
    try {
      return v2(bytes(body));
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
  }

  private static InputStream bytes(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"error":{"code","message","constraintViolations":[{path, message}]}}} as one line. */
  static String errorText(String body) {
    try {
      JsonNode error = UpstreamJson.tree(body).path("error");
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

  static SourceException malformed(String what) {
    return new SourceException(SourceException.Kind.ERROR, "malformed Dynatrace response: " + what);
  }
}
