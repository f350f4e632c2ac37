package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.UpstreamJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a {@code cache_stats} answer as it streams in: of the series only the latest non-null point
 * is kept, so a window of millions of points costs no memory. Point times are epoch nanoseconds
 * with {@code timestamp=unix} (above 2^53, so read as long, never as double) or RFC 3339 strings
 * without it. A value that is not finite ({@code 1E400}) is skipped and counted.
 */
final class CacheStatsReader {
  private static final int P5 = TrafficOpsParser.STATS.indexOf("p5");
  private static final int MIN = TrafficOpsParser.STATS.indexOf("min");

  private long bestTime = Long.MIN_VALUE;
  private OptionalDouble latest = OptionalDouble.empty();
  private double[] summary;
  private double count = Double.NaN;
  private long skipped;
  private String firstSkipped = "";
  private boolean sawResponse;

  private CacheStatsReader() {}

  static TrafficOpsParser.CacheStats read(InputStream body) throws IOException, SourceException {
    return new CacheStatsReader().answer(body);
  }

  private TrafficOpsParser.CacheStats answer(InputStream body) throws IOException, SourceException {
    UpstreamJson.readObject(
        body, "body has no \"response\"", TrafficOpsParser::malformed, this::field);
    if (!sawResponse) {
      throw TrafficOpsParser.malformed("body has no \"response\"");
    }
    return new TrafficOpsParser.CacheStats(latest, summary(), skipped, firstSkipped);
  }

  private void field(JsonParser p, String name, JsonToken value)
      throws IOException, SourceException {
    if (!name.equals("response")) {
      p.skipChildren();
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw TrafficOpsParser.malformed("cache_stats \"response\" is not an object");
    }
    sawResponse = true;
    response(p);
  }

  private void response(JsonParser p) throws IOException, SourceException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("series") && value != JsonToken.VALUE_NULL) {
        series(p, value);
      } else if (field.equals("summary") && value == JsonToken.START_OBJECT) {
        summaryFields(p);
      } else {
        p.skipChildren();
      }
    }
  }

  private void series(JsonParser p, JsonToken start) throws IOException, SourceException {
    boolean sawValues = false;
    if (start == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("values")) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          break;
        }
        sawValues = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          point(p, t);
        }
      }
    }
    if (!sawValues) {
      throw TrafficOpsParser.malformed("series has no \"values\" array");
    }
  }

  /** {@code [time, value]}: the latest non-null value by time, not by place. */
  private void point(JsonParser p, JsonToken start) throws IOException, SourceException {
    if (start != JsonToken.START_ARRAY) {
      throw TrafficOpsParser.malformed("a series point is not [time, value]");
    }
    JsonToken time = p.nextToken();
    if (time == JsonToken.END_ARRAY) {
      throw TrafficOpsParser.malformed("a series point is not [time, value]");
    }
    long nanos = 0;
    String unreadable = null;
    if (time == JsonToken.VALUE_NUMBER_INT) {
      nanos =
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? p.getBigIntegerValue().longValue()
              : p.getLongValue();
    } else if (time == JsonToken.VALUE_STRING) {
      try {
        Instant t = Instant.parse(p.getText());
        nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
      } catch (DateTimeParseException e) {
        unreadable = "\"" + p.getText() + "\"";
      }
    } else {
      unreadable = time.isScalarValue() ? p.getText() : "of " + time.asString();
      p.skipChildren();
    }
    JsonToken value = p.nextToken();
    if (value == JsonToken.END_ARRAY) {
      throw TrafficOpsParser.malformed("a series point is not [time, value]");
    }
    // A null point may carry any time: only a value's time must be readable.
    if (value.isNumeric()) {
      if (unreadable != null) {
        throw TrafficOpsParser.malformed("unreadable point time " + unreadable);
      }
      double v = p.getDoubleValue();
      if (!Double.isFinite(v)) {
        skip("a point " + p.getText());
      } else if (nanos >= bestTime) {
        bestTime = nanos;
        latest = OptionalDouble.of(v);
      }
    }
    p.skipChildren();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
  }

  private void summaryFields(JsonParser p) throws IOException {
    summary = new double[TrafficOpsParser.SUMMARY_FIELDS.size()];
    Arrays.fill(summary, Double.NaN);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      int i = TrafficOpsParser.SUMMARY_FIELDS.indexOf(field);
      if (value.isNumeric() && (i >= 0 || field.equals("count"))) {
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
          skip(field + " " + p.getText());
        } else if (i >= 0) {
          summary[i] = v;
        } else {
          count = v;
        }
      }
      p.skipChildren();
    }
  }

  private void skip(String what) {
    if (skipped++ == 0) {
      firstSkipped = what;
    }
  }

  /**
   * The summary, unless it is Traffic Ops' no-data answer: {@code count} 0, or (without a count)
   * all zeros beside a series without points. Zeros of measured points (an idle CDN: count > 0) are
   * real.
   */
  private Optional<double[]> summary() {
    if (summary == null || count == 0) {
      return Optional.empty();
    }
    boolean any = !Double.isNaN(count) || latest.isPresent();
    for (double v : summary) {
      any |= !Double.isNaN(v) && v != 0;
    }
    // Traffic Ops turns a 5th percentile InfluxDB could not rank (fewer than ten points) into 0;
    // a 0 below a positive minimum is that stand-in, not a value.
    if (summary[P5] == 0 && summary[MIN] > 0) {
      summary[P5] = Double.NaN;
    }
    return any ? Optional.of(summary) : Optional.empty();
  }
}
