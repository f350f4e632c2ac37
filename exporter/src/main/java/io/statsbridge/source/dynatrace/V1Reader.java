package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.StringPool;
import io.statsbridge.source.UpstreamJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads a v1 answer, {@code {"result":{dataPoints, entities, unit, aggregationType, …}}}, as it
 * streams in: of each entity's points only the latest that counts is kept, so memory holds one
 * value per entity, not the body. The first point may lie before the window (Dynatrace includes the
 * slot the window starts in); points at or after {@code endMillis} are predictions and count only
 * when asked for. Entity names may come before or after the points; they are joined at the end.
 */
final class V1Reader {
  private record Latest(String key, double value) {}

  private final long endMillis;
  private final boolean includePredictions;
  private final StringPool texts = new StringPool();
  private final List<Latest> latest = new ArrayList<>();
  private final Map<String, String> names = new HashMap<>();
  private String unit = "";
  private String aggregation = "";
  private boolean sawResult;

  private V1Reader(long endMillis, boolean includePredictions) {
    this.endMillis = endMillis;
    this.includePredictions = includePredictions;
  }

  static DynatraceParser.V1Result read(InputStream body, long endMillis, boolean includePredictions)
      throws IOException, SourceException {
    return new V1Reader(endMillis, includePredictions).answer(body);
  }

  private DynatraceParser.V1Result answer(InputStream body) throws IOException, SourceException {
    UpstreamJson.readObject(
        body, "body is not a JSON object", DynatraceParser::malformed, this::field);
    if (!sawResult) {
      throw DynatraceParser.malformed("body has no \"result\" object");
    }
    List<DynatraceParser.V1Point> points = new ArrayList<>(latest.size());
    for (Latest l : latest) {
      points.add(new DynatraceParser.V1Point(l.key(), names(l.key()), l.value()));
    }
    return new DynatraceParser.V1Result(unit, aggregation, points);
  }

  private void field(JsonParser p, String name, JsonToken value)
      throws IOException, SourceException {
    if (name.equals("result") && value == JsonToken.START_OBJECT) {
      sawResult = result(p);
    } else {
      p.skipChildren();
    }
  }

  /** The fields of {@code result}; whether it had its {@code dataPoints}. */
  private boolean result(JsonParser p) throws IOException, SourceException {
    boolean sawPoints = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "dataPoints" -> {
          if (value != JsonToken.START_OBJECT) {
            throw DynatraceParser.malformed("result has no \"dataPoints\" object");
          }
          dataPoints(p);
          sawPoints = true;
        }
        case "entities" -> entities(p, value);
        case "unit" -> unit = JsonTokens.text(p, value, texts, "");
        case "aggregationType" -> aggregation = JsonTokens.text(p, value, texts, "");
        default -> p.skipChildren();
      }
    }
    if (!sawPoints) {
      throw DynatraceParser.malformed("result has no \"dataPoints\" object");
    }
    return true;
  }

  private void dataPoints(JsonParser p) throws IOException, SourceException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = texts.of(p.currentName());
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw DynatraceParser.malformed("dataPoints of " + key + " is not a list");
      }
      boolean any = false;
      double value = Double.NaN;
      long latestTime = Long.MIN_VALUE;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t != JsonToken.START_ARRAY || !p.nextToken().isNumeric()) {
          throw DynatraceParser.malformed("a data point of " + key + " is not [time, value]");
        }
        long time = p.getValueAsLong();
        JsonToken v = p.nextToken();
        if (v == JsonToken.END_ARRAY) {
          throw DynatraceParser.malformed("a data point of " + key + " is not [time, value]");
        }
        boolean counts =
            v.isNumeric() && (time < endMillis || includePredictions) && time >= latestTime;
        if (counts) {
          latestTime = time;
          value = p.getDoubleValue();
          any = true;
        }
        p.skipChildren();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
        }
      }
      if (any) {
        latest.add(new Latest(key, value));
      }
    }
  }

  private void entities(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String id = texts.of(p.currentName());
      String name = JsonTokens.text(p, p.nextToken(), texts, null);
      if (name != null) {
        names.put(id, name);
      }
    }
  }

  /** {@code "HOST-1, PROCESS_GROUP_INSTANCE-2"} → the names of both, joined the same way. */
  private String names(String key) {
    if (key.indexOf(',') < 0) {
      return names.getOrDefault(key.strip(), key.strip());
    }
    StringJoiner out = new StringJoiner(", ");
    for (String id : key.split(",")) {
      String trimmed = id.strip();
      out.add(names.getOrDefault(trimmed, trimmed));
    }
    return texts.of(out.toString());
  }
}
