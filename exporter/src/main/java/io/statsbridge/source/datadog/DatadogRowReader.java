package io.statsbridge.source.datadog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.source.IntegerType;
import io.statsbridge.source.StringPool;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Row;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads one data item straight from the token stream into a row: its group-by values and the
 * exported attributes, everything else skipped unread. A key it reads given twice in one object
 * fails the whole body (the other value would be lost, or counted); it keeps that watch itself, a
 * bit per key, rather than Jackson's set of names per object.
 *
 * <p>The spec makes {@code attributes} optional, so an item may come without it: that item has no
 * numbers and is skipped, and so is one that is not an object or whose {@code attributes} is not
 * one. The spec types every attribute {@code int64}: a row with a number outside it, or not finite,
 * is skipped too, lest it reach a counter. The reader counts each kind, so that one odd row does
 * not cost the poll its other rows.
 */
final class DatadogRowReader {
  private final Map<String, Integer> labelIndex = new HashMap<>();
  private final Map<String, Integer> valueIndex = new HashMap<>();
  private final List<DatadogAttribute> attributes;

  /**
   * Each distinct group-by value once: rows repeat the same few services, teams and zones, and the
   * rows live until the poll ends, so sharing their strings keeps a poll's live data small.
   */
  private final StringPool texts = new StringPool();

  /** The row being read; {@link Row} copies both. */
  private final String[] labelValues;

  private final double[] values;

  /** Which group-by keys the row being read gave (a key given twice fails the body). */
  private final boolean[] groupsGiven;

  private final StringBuilder joined = new StringBuilder();

  private long withoutAttributes;
  private long misshapen;
  private long outOfRange;

  /** The first value outside int64, as {@code attribute value}, for the warning. */
  private String firstOutOfRange;

  /** Whether the row being read has a value outside int64. */
  private boolean rowOutOfRange;

  DatadogRowReader(List<String> groupBy, List<DatadogAttribute> attributes) {
    for (int i = 0; i < groupBy.size(); i++) {
      labelIndex.put(groupBy.get(i), i);
    }
    for (int i = 0; i < attributes.size(); i++) {
      valueIndex.put(attributes.get(i).json, i);
    }
    this.attributes = attributes;
    this.labelValues = new String[groupBy.size()];
    this.groupsGiven = new boolean[groupBy.size()];
    this.values = new double[attributes.size()];
  }

  /** The row of the item whose first token is current, or null (counted) when it has none. */
  Row item(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      misshapen++;
      return null;
    }
    Row row = null;
    boolean wrongType = false;
    boolean attributesGiven = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("attributes")) {
        if (attributesGiven) {
          throw UpstreamJson.duplicate(p, field);
        }
        attributesGiven = true;
      }
      if (!field.equals("attributes")) {
        p.skipChildren();
      } else if (value == JsonToken.START_OBJECT) {
        row = attributes(p);
        wrongType = false;
      } else {
        row = null;
        wrongType = value != JsonToken.VALUE_NULL;
        p.skipChildren();
      }
    }
    if (rowOutOfRange) {
      rowOutOfRange = false;
      outOfRange++;
      return null;
    }
    if (row == null && wrongType) {
      misshapen++;
    } else if (row == null) {
      withoutAttributes++;
    }
    return row;
  }

  /** The rows skipped so far, and why, added to {@code remarks}. */
  Remarks skipped(Remarks remarks) {
    return remarks
        .skipped(
            withoutAttributes,
            rows(withoutAttributes)
                + " without \"attributes\" skipped (the API may leave them out)")
        .skipped(
            misshapen, rows(misshapen) + " skipped: not an object with an \"attributes\" object")
        .skipped(
            outOfRange,
            rows(outOfRange)
                + " skipped: a count outside int64 (the type Datadog documents) or not finite"
                + " (the first: "
                + firstOutOfRange
                + ")");
  }

  private static String rows(long n) {
    return n == 1 ? "1 row" : n + " rows";
  }

  private Row attributes(JsonParser p) throws IOException {
    Arrays.fill(labelValues, "");
    Arrays.fill(values, Double.NaN);
    long given = 0; // a bit per attribute read, and the top one for group_bys
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("group_bys")) {
        given = once(p, field, given, Long.MIN_VALUE);
        groups(p, value);
        continue;
      }
      Integer i = valueIndex.get(field);
      if (i != null) {
        given = once(p, field, given, 1L << i);
        values[i] = value.isNumeric() ? count(p, field, i) : Double.NaN;
      }
      p.skipChildren();
    }
    return new Row(List.of(labelValues), values);
  }

  /**
   * The current number in the attribute's base unit; NaN for a negative count, which would make a
   * counter go down. Outside int64 or not finite, it marks the row to be skipped.
   */
  private double count(JsonParser p, String field, int i) throws IOException {
    OptionalDouble v = IntegerType.INT64.read(p);
    if (v.isEmpty()) {
      if (outOfRange == 0 && !rowOutOfRange) {
        String text = p.getText();
        firstOutOfRange = field + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
      }
      rowOutOfRange = true;
      return Double.NaN;
    }
    double d = v.getAsDouble();
    return d >= 0 ? d / attributes.get(i).divisor : Double.NaN;
  }

  /** {@code given} with {@code bit} set; a key given twice fails the body. */
  private static long once(JsonParser p, String key, long given, long bit) throws IOException {
    if ((given & bit) != 0) {
      throw UpstreamJson.duplicate(p, key);
    }
    return given | bit;
  }

  /** Group-by values are lists upstream; several values are joined with {@code ,}. */
  private void groups(JsonParser p, JsonToken value) throws IOException {
    Arrays.fill(labelValues, "");
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    boolean[] given = groupsGiven;
    Arrays.fill(given, false);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Integer i = labelIndex.get(key);
      JsonToken v = p.nextToken();
      if (i != null && given[i]) {
        throw UpstreamJson.duplicate(p, key);
      }
      if (i == null) {
        p.skipChildren();
        continue;
      }
      given[i] = true;
      labelValues[i] = v == JsonToken.START_ARRAY ? joined(p) : text(p, v);
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
