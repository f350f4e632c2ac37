package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Traffic Ops' {@code {"response":…}} bodies, read as they stream in ({@link CacheStatsReader},
 * {@link CachesStatsReader}), and its {@code alerts} error model. Values may be null, integers or
 * fractions. With no data {@code series} is absent and the summary is all zeros with count 0, which
 * must export nothing rather than zeros; an idle CDN's zeros (count > 0) are real. A key given
 * twice fails the body.
 */
final class TrafficOpsParser {
  /** Summary statistics in the order of the {@code stat} label values. */
  static final List<String> STATS = List.of("avg", "min", "max", "p5", "p95", "p98");

  /** The summary's fields, in the order of {@link #STATS}. */
  static final List<String> SUMMARY_FIELDS =
      List.of(
          "average",
          "min",
          "max",
          "fifthPercentile",
          "ninetyFifthPercentile",
          "ninetyEighthPercentile");

  /**
   * One {@code cache_stats} answer: the latest non-null point and the summary, if any, and how many
   * values were not finite (the first named).
   */
  record CacheStats(
      OptionalDouble latest, Optional<double[]> summary, long skipped, String firstSkipped) {
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

  static CacheStats cacheStats(InputStream body) throws IOException, SourceException {
    return CacheStatsReader.read(body);
  }

  /** As {@link #cacheStats(InputStream)}, for a body at hand (fixtures). */
  static CacheStats cacheStats(String body) throws SourceException {
    try {
      return cacheStats(bytes(body));
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Hands each real cache's row to {@code rows}; returns the rows skipped, and why. */
  static Remarks cachesStats(InputStream body, Consumer<CacheRow> rows)
      throws IOException, SourceException {
    return CachesStatsReader.read(body, rows);
  }

  /** The per-cache rows of a body at hand (fixtures); the aggregate {@code ALL} rows left out. */
  static List<CacheRow> cachesStats(String body) throws SourceException {
    List<CacheRow> rows = new ArrayList<>();
    try {
      cachesStats(bytes(body), rows::add);
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
    return rows;
  }

  private static InputStream bytes(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The texts of an {@code {"alerts":[{"level","text"}]}} body, errors first. */
  static String errorText(String body) {
    try {
      JsonNode alerts = UpstreamJson.tree(body).path("alerts");
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

  static SourceException malformed(String what) {
    return new SourceException(
        SourceException.Kind.ERROR, "malformed Traffic Ops response: " + what);
  }
}
