package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.source.IntegerType;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.StringPool;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Reads a {@code caches/stats} answer as it streams in, handing each real cache's row on as it is
 * read. The aggregate rows the endpoint adds (hostname or cachegroup {@code ALL}, {@code addTotals}
 * in cachesstats.go) are left out. {@code kbps} and {@code connections} are {@code uint64} in
 * Traffic Ops' {@code CacheData}: a row with one outside that range, or not finite, is skipped and
 * counted; so is an element of the list that is not an object.
 */
final class CachesStatsReader {
  private final StringPool texts = new StringPool();
  private final Consumer<TrafficOpsParser.CacheRow> rows;
  private long outOfRange;
  private String firstOutOfRange = "";
  private long notObjects;
  private boolean sawResponse;

  private CachesStatsReader(Consumer<TrafficOpsParser.CacheRow> rows) {
    this.rows = rows;
  }

  /** Hands every real cache's row to {@code rows}; returns the rows skipped, and why. */
  static Remarks read(InputStream body, Consumer<TrafficOpsParser.CacheRow> rows)
      throws IOException, SourceException {
    return new CachesStatsReader(rows).answer(body);
  }

  private Remarks answer(InputStream body) throws IOException, SourceException {
    UpstreamJson.readObject(
        body, "body has no \"response\"", TrafficOpsParser::malformed, this::field);
    if (!sawResponse) {
      throw TrafficOpsParser.malformed("body has no \"response\"");
    }
    return Remarks.NONE
        .skipped(
            outOfRange,
            rows(outOfRange)
                + " skipped: kbps or connections outside uint64 (the type Traffic Ops documents)"
                + " or not finite (the first: "
                + firstOutOfRange
                + ")")
        .skipped(notObjects, rows(notObjects) + " skipped: not an object");
  }

  private void field(JsonParser p, String name, JsonToken value)
      throws IOException, SourceException {
    if (!name.equals("response")) {
      p.skipChildren();
      return;
    }
    if (value != JsonToken.START_ARRAY) {
      throw TrafficOpsParser.malformed("caches/stats \"response\" is not a list");
    }
    sawResponse = true;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      cache(p, t);
    }
  }

  private static String rows(long n) {
    return n == 1 ? "1 caches/stats row" : n + " caches/stats rows";
  }

  private void cache(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      notObjects++;
      return;
    }
    String cachegroup = "";
    String hostname = "";
    String profile = "";
    String status = "";
    double kbps = Double.NaN;
    double connections = Double.NaN;
    double healthy = Double.NaN;
    String bad = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "cachegroup" -> cachegroup = text(p, value);
        case "hostname" -> hostname = text(p, value);
        case "profile" -> profile = text(p, value);
        case "status" -> status = text(p, value);
        case "healthy" ->
            healthy = value.isBoolean() ? (value == JsonToken.VALUE_TRUE ? 1 : 0) : Double.NaN;
        case "kbps", "connections" -> {
          if (value.isNumeric()) {
            OptionalDouble v = IntegerType.UINT64.read(p);
            if (v.isEmpty() && bad == null) {
              String text = p.getText();
              bad = field + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
            }
            double d = v.orElse(Double.NaN);
            if (field.equals("kbps")) {
              kbps = d;
            } else {
              connections = d;
            }
          }
        }
        default -> {}
      }
      p.skipChildren();
    }
    if (hostname.equals("ALL") || cachegroup.equals("ALL")) {
      return;
    }
    if (bad != null) {
      if (outOfRange++ == 0) {
        firstOutOfRange = bad;
      }
      return;
    }
    rows.accept(
        new TrafficOpsParser.CacheRow(
            cachegroup, hostname, profile, status, kbps, connections, healthy));
  }

  /** A text field as a JSON tree's {@code asText("")} gives it: null or a container is "". */
  private String text(JsonParser p, JsonToken t) throws IOException {
    return t.isScalarValue() && t != JsonToken.VALUE_NULL ? texts.text(p) : "";
  }
}
