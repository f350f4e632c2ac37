package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.SourceException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * Reads Traffic Ops' {@code {"response":…}} bodies. Point times are epoch nanoseconds with {@code
 * timestamp=unix} (above 2^53, so read as long, never as double) or RFC 3339 strings without it;
 * values may be null, integers or fractions. With no data {@code series} is absent and the summary
 * is all zeros with count 0, which must export nothing rather than zeros; an idle CDN's zeros
 * (count > 0) are real.
 */
final class TrafficOpsParser {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  /** Summary statistics in the order of the {@code stat} label values. */
  static final List<String> STATS = List.of("avg", "min", "max", "p5", "p95", "p98");

  private static final int MIN = STATS.indexOf("min");
  private static final int P5 = STATS.indexOf("p5");

  private static final List<String> SUMMARY_FIELDS =
      List.of(
          "average",
          "min",
          "max",
          "fifthPercentile",
          "ninetyFifthPercentile",
          "ninetyEighthPercentile");

  /** One {@code cache_stats} answer: the latest non-null point and the summary, if any. */
  record CacheStats(OptionalDouble latest, Optional<double[]> summary) {
    /** Whether Traffic Ops had any point for the window: a non-null one, or a counted summary. */
    boolean hasData() {
      return latest.isPresent() || summary.isPresent();
    }
  }

  /** One real cache of {@code caches/stats}. */
  record CacheRow(
      String cachegroup,
      String hostname,
      String profile,
      String status,
      double kbps,
      double connections,
      double healthy) {}

  private TrafficOpsParser() {}

  private static JsonNode response(String body) throws SourceException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed("body is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.has("response")) {
      throw malformed("body has no \"response\"");
    }
    return root.get("response");
  }

  static CacheStats cacheStats(String body) throws SourceException {
    JsonNode response = response(body);
    if (!response.isObject()) {
      throw malformed("cache_stats \"response\" is not an object");
    }
    OptionalDouble latest = latest(response.path("series"));
    return new CacheStats(latest, summary(response.path("summary"), latest.isPresent()));
  }

  private static OptionalDouble latest(JsonNode series) throws SourceException {
    if (series.isMissingNode() || series.isNull()) {
      return OptionalDouble.empty();
    }
    JsonNode values = series.path("values");
    if (!values.isArray()) {
      throw malformed("series has no \"values\" array");
    }
    long bestTime = Long.MIN_VALUE;
    OptionalDouble best = OptionalDouble.empty();
    for (JsonNode point : values) {
      if (!point.isArray() || point.size() < 2) {
        throw malformed("a series point is not [time, value]");
      }
      JsonNode value = point.get(1);
      if (!value.isNumber()) {
        continue;
      }
      long time = nanos(point.get(0));
      if (time >= bestTime) {
        bestTime = time;
        best = OptionalDouble.of(value.asDouble());
      }
    }
    return best;
  }

  /** Epoch nanoseconds from a number (exact, via BigInteger) or an RFC 3339 string. */
  static long nanos(JsonNode time) throws SourceException {
    if (time.isIntegralNumber()) {
      return time.bigIntegerValue().longValue();
    }
    if (time.isTextual()) {
      try {
        Instant t = Instant.parse(time.asText());
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
      } catch (DateTimeParseException e) {
        throw malformed("unreadable point time \"" + time.asText() + "\"");
      }
    }
    throw malformed("unreadable point time " + time);
  }

  /**
   * The summary, unless it is Traffic Ops' no-data answer: {@code count} 0, or (without a count)
   * all zeros beside a series without points. Zeros of measured points (an idle CDN: count > 0) are
   * real.
   */
  private static Optional<double[]> summary(JsonNode summary, boolean seriesHasPoints) {
    if (!summary.isObject()) {
      return Optional.empty();
    }
    JsonNode count = summary.get("count");
    boolean counted = count != null && count.isNumber();
    if (counted && count.asDouble() == 0) {
      return Optional.empty();
    }
    double[] out = new double[SUMMARY_FIELDS.size()];
    boolean any = counted || seriesHasPoints;
    for (int i = 0; i < out.length; i++) {
      JsonNode v = summary.get(SUMMARY_FIELDS.get(i));
      out[i] = v != null && v.isNumber() ? v.asDouble() : Double.NaN;
      any |= !Double.isNaN(out[i]) && out[i] != 0;
    }
    // Traffic Ops turns a 5th percentile InfluxDB could not rank (fewer than ten points) into 0;
    // a 0 below a positive minimum is that stand-in, not a value.
    if (out[P5] == 0 && out[MIN] > 0) {
      out[P5] = Double.NaN;
    }
    return any ? Optional.of(out) : Optional.empty();
  }

  /** The per-cache rows; the aggregate rows the endpoint adds (fields {@code ALL}) are left out. */
  static List<CacheRow> cachesStats(String body) throws SourceException {
    JsonNode response = response(body);
    if (!response.isArray()) {
      throw malformed("caches/stats \"response\" is not a list");
    }
    List<CacheRow> rows = new ArrayList<>();
    for (JsonNode c : response) {
      String hostname = c.path("hostname").asText("");
      if (hostname.equals("ALL") || c.path("cachegroup").asText("").equals("ALL")) {
        continue;
      }
      JsonNode healthy = c.get("healthy");
      rows.add(
          new CacheRow(
              c.path("cachegroup").asText(""),
              hostname,
              c.path("profile").asText(""),
              c.path("status").asText(""),
              number(c.get("kbps")),
              number(c.get("connections")),
              healthy != null && healthy.isBoolean() ? (healthy.asBoolean() ? 1 : 0) : Double.NaN));
    }
    return rows;
  }

  private static double number(JsonNode v) {
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }

  /** The texts of an {@code {"alerts":[{"level","text"}]}} body, errors first. */
  static String errorText(String body) {
    try {
      JsonNode alerts = JSON.readTree(body).path("alerts");
      if (alerts.isArray()) {
        StringJoiner errors = new StringJoiner("; ");
        StringJoiner others = new StringJoiner("; ");
        for (JsonNode a : alerts) {
          (a.path("level").asText("").equals("error") ? errors : others)
              .add(a.path("text").asText(""));
        }
        return errors.length() > 0 ? errors.toString() : others.toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: fall back to the raw text
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  private static SourceException malformed(String what) {
    return new SourceException(
        SourceException.Kind.ERROR, "malformed Traffic Ops response: " + what);
  }
}
