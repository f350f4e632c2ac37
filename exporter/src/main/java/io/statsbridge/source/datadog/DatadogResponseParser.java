package io.statsbridge.source.datadog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.StringPool;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads {@code {"data":[{"attributes":{…,"group_bys":{key:[values]}}}]}} tolerantly: unknown fields
 * are ignored, a missing, null or non-numeric attribute yields no sample, and a negative count
 * (which would make a counter go down) is dropped. A body that is not this shape fails the poll.
 */
final class DatadogResponseParser {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reads items one at a time from a stream; the end of the body is checked by hand. */
  private static final ObjectMapper STREAM = new ObjectMapper();

  private DatadogResponseParser() {}

  /** As {@link #parse(InputStream, List, List, int)}, for a body at hand (fixtures). */
  static Batch parse(
      String body, List<String> groupBy, List<DatadogAttribute> attributes, int limit)
      throws SourceException {
    try {
      return parse(
          new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
          groupBy,
          attributes,
          limit);
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads the answer as it streams in: one {@code data} item at a time, so memory holds rows, not
   * the body. An upstream that ignores {@code limit} gets its rows past the limit dropped, and the
   * batch is flagged truncated.
   */
  static Batch parse(
      InputStream body, List<String> groupBy, List<DatadogAttribute> attributes, int limit)
      throws IOException, SourceException {
    RowReader reader = new RowReader(groupBy, attributes);
    List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
    boolean sawData = false;
    int dropped = 0;
    try (JsonParser p = STREAM.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("data")) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw malformed("body has no \"data\" array");
        }
        sawData = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (t == null) {
            throw malformed("body ends inside \"data\"");
          }
          if (rows.size() >= limit) {
            p.skipChildren();
            dropped++;
            continue;
          }
          rows.add(reader.item(p));
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw malformed("body does not end after its JSON object");
      }
    } catch (JsonProcessingException e) {
      throw malformed("body is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (!sawData) {
      throw malformed("body has no \"data\" array");
    }
    return Batch.of(
        new Table(groupBy, DatadogAttribute.families(attributes), rows),
        rows.size() >= limit || dropped > 0
            ? Remarks.NONE.truncated("rows reached limit (" + limit + ")")
            : Remarks.NONE);
  }

  /**
   * Reads one data item straight from the token stream into a row: its group-by values and the
   * exported attributes, everything else skipped unread. A key given twice counts as its last
   * value, as a JSON tree would have it.
   */
  private static final class RowReader {
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private final Map<String, Integer> valueIndex = new HashMap<>();
    private final List<DatadogAttribute> attributes;

    /**
     * Each distinct group-by value once: rows repeat the same few services, teams and zones, and
     * the rows live until the poll ends, so sharing their strings keeps a poll's live data small.
     */
    private final StringPool texts = new StringPool();

    /** The row being read; {@link Row} copies both. */
    private final String[] labelValues;

    private final double[] values;

    private final StringBuilder joined = new StringBuilder();

    RowReader(List<String> groupBy, List<DatadogAttribute> attributes) {
      for (int i = 0; i < groupBy.size(); i++) {
        labelIndex.put(groupBy.get(i), i);
      }
      for (int i = 0; i < attributes.size(); i++) {
        valueIndex.put(attributes.get(i).json, i);
      }
      this.attributes = attributes;
      this.labelValues = new String[groupBy.size()];
      this.values = new double[attributes.size()];
    }

    /** The row of the item whose first token is current. */
    Row item(JsonParser p) throws IOException, SourceException {
      Row row = null;
      if (p.currentToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("attributes") && value == JsonToken.START_OBJECT) {
            row = attributes(p);
          } else {
            row = field.equals("attributes") ? null : row;
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      if (row == null) {
        throw malformed("a data item has no \"attributes\" object");
      }
      return row;
    }

    private Row attributes(JsonParser p) throws IOException {
      Arrays.fill(labelValues, "");
      Arrays.fill(values, Double.NaN);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("group_bys")) {
          groups(p, value);
          continue;
        }
        Integer i = valueIndex.get(field);
        if (i != null) {
          double d = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
          values[i] = d >= 0 && Double.isFinite(d) ? d / attributes.get(i).divisor : Double.NaN;
        }
        p.skipChildren();
      }
      return new Row(List.of(labelValues), values);
    }

    /** Group-by values are lists upstream; several values are joined with {@code ,}. */
    private void groups(JsonParser p, JsonToken value) throws IOException {
      Arrays.fill(labelValues, "");
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Integer i = labelIndex.get(p.currentName());
        JsonToken v = p.nextToken();
        if (i == null) {
          p.skipChildren();
        } else if (v == JsonToken.START_ARRAY) {
          labelValues[i] = joined(p);
        } else {
          labelValues[i] = text(p, v);
        }
      }
    }

    /** The elements of the list whose start is current, joined with {@code ,}. */
    private String joined(JsonParser p) throws IOException {
      JsonToken e = p.nextToken();
      if (e == JsonToken.END_ARRAY) {
        return "";
      }
      String first = text(p, e);
      e = p.nextToken();
      if (e == JsonToken.END_ARRAY) {
        return first;
      }
      joined.setLength(0);
      joined.append(first);
      for (; e != JsonToken.END_ARRAY; e = p.nextToken()) {
        joined.append(',').append(text(p, e));
      }
      return texts.of(joined);
    }

    /** A scalar's text; null, an object or a list as "". */
    private String text(JsonParser p, JsonToken t) throws IOException {
      if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
        return texts.text(p);
      }
      p.skipChildren();
      return "";
    }
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
