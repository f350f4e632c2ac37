package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.StringPool;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a v2 answer as it streams in, one data item at a time: of an item's {@code values} only the
 * latest non-null one is kept, so memory holds one value and one {@code dimensionMap} per item, not
 * the body. Fields come in any order: a result's {@code metricId} may follow its {@code data}, the
 * answer's {@code warnings} its results.
 */
final class V2Reader {
  /** Warnings kept of the answer, and of its results: far more than any page shows. */
  private static final int MAX_WARNINGS = 100;

  private record ResultWarning(String metricId, String text) {}

  /** A limit ratio as sent (a number, or a string as in the spec's example) and its value. */
  private record Ratio(String text, double value) {}

  private final StringPool texts = new StringPool();
  private final Set<String> answerWarnings = new LinkedHashSet<>();
  private final List<ResultWarning> resultWarnings = new ArrayList<>();
  private final Map<String, List<DynatraceParser.V2Item>> byMetric = new LinkedHashMap<>();
  private Remarks limits = Remarks.NONE;
  private boolean anyData;
  private long unnamed;
  private boolean sawResult;

  private V2Reader() {}

  static DynatraceParser.V2Answer read(InputStream body) throws IOException, SourceException {
    return new V2Reader().answer(body);
  }

  private DynatraceParser.V2Answer answer(InputStream body) throws IOException, SourceException {
    UpstreamJson.readObject(
        body, "body is not a JSON object", DynatraceParser::malformed, this::field);
    if (!sawResult) {
      throw DynatraceParser.malformed("body has no \"result\" list");
    }
    return new DynatraceParser.V2Answer(byMetric, remarks());
  }

  private void field(JsonParser p, String name, JsonToken value)
      throws IOException, SourceException {
    if (name.equals("result") && value == JsonToken.START_ARRAY) {
      sawResult = true;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        result(p, t);
      }
    } else if (name.equals("warnings")) {
      JsonTokens.texts(p, value, answerWarnings, MAX_WARNINGS);
    } else {
      p.skipChildren();
    }
  }

  /** The answer's warnings first, then each result's own, prefixed with its metricId. */
  private Remarks remarks() {
    Set<String> warnings = new LinkedHashSet<>(answerWarnings);
    for (ResultWarning w : resultWarnings) {
      if (!answerWarnings.contains(w.text())) {
        warnings.add(w.metricId() + ": " + w.text());
      }
    }
    Remarks said = Remarks.NONE;
    for (String w : warnings) {
      said = said.warning(w);
    }
    said =
        said.and(limits)
            .skipped(
                unnamed,
                unnamed
                    + " data item(s) with dimensions but no dimensionMap left out: their labels"
                    + " have no names");
    return anyData ? said : said.noDataFound();
  }

  /** One {@code MetricSeriesCollection}: its metricId, limit ratios, warnings and data items. */
  private void result(JsonParser p, JsonToken start) throws IOException, SourceException {
    String id = "";
    Ratio tuples = null;
    Ratio points = null;
    List<String> warnings = new ArrayList<>();
    List<DynatraceParser.V2Item> items = new ArrayList<>();
    if (start != JsonToken.START_OBJECT) {
      throw DynatraceParser.malformed("a result has no metricId");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "metricId" -> id = JsonTokens.text(p, value, texts, "");
        case "dimensionCountRatio" -> tuples = ratio(p, value);
        case "dataPointCountRatio" -> points = ratio(p, value);
        case "warnings" -> JsonTokens.texts(p, value, warnings, MAX_WARNINGS);
        case "data" -> data(p, value, id, items);
        default -> p.skipChildren();
      }
    }
    if (id.isEmpty()) {
      throw DynatraceParser.malformed("a result has no metricId");
    }
    for (String w : warnings) {
      if (resultWarnings.size() < MAX_WARNINGS) {
        resultWarnings.add(new ResultWarning(id, w));
      }
    }
    limits = limits.and(limitsReached(id, tuples, points));
    byMetric.computeIfAbsent(id, k -> new ArrayList<>()).addAll(items);
  }

  private void data(JsonParser p, JsonToken value, String id, List<DynatraceParser.V2Item> items)
      throws IOException, SourceException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_ARRAY) {
      throw DynatraceParser.malformed("the data of " + of(id) + " is not a list");
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      DynatraceParser.V2Item item = item(p, t, id);
      if (item != null) {
        items.add(item);
      }
    }
  }

  /**
   * One data item: its {@code dimensionMap} (the remainder tuple's JSON null spelled {@link
   * DynatraceParser#REMAINDER}) and the latest non-null of its {@code values}; null when it has no
   * value, or has {@code dimensions} but no map to name them (the spec's own {@code MetricData}
   * example has such an item: counted).
   */
  private DynatraceParser.V2Item item(JsonParser p, JsonToken start, String id)
      throws IOException, SourceException {
    if (start != JsonToken.START_OBJECT) {
      throw DynatraceParser.malformed("a data item of " + of(id) + " has no values list");
    }
    Map<String, String> dimensions = null;
    boolean unnamedDimensions = false;
    boolean sawValues = false;
    boolean hasValue = false;
    double latest = Double.NaN;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "dimensionMap" -> dimensions = dimensionMap(p, value);
        case "dimensions" -> unnamedDimensions = JsonTokens.notEmpty(p, value);
        case "values" -> {
          if (value != JsonToken.START_ARRAY) {
            throw DynatraceParser.malformed("a data item of " + of(id) + " has no values list");
          }
          sawValues = true;
          for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            if (v.isNumeric()) {
              latest = p.getDoubleValue();
              hasValue = true;
            }
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (!sawValues) {
      throw DynatraceParser.malformed("a data item of " + of(id) + " has no values list");
    }
    if (!hasValue) {
      return null;
    }
    anyData = true;
    if (dimensions == null && unnamedDimensions) {
      unnamed++;
      return null;
    }
    return new DynatraceParser.V2Item(dimensions == null ? Map.of() : dimensions, latest);
  }

  private Map<String, String> dimensionMap(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = texts.of(p.currentName());
      out.put(key, JsonTokens.text(p, p.nextToken(), texts, DynatraceParser.REMAINDER));
    }
    return out;
  }

  /** A ratio, a number or a string of one; null for anything else. */
  private static Ratio ratio(JsonParser p, JsonToken value) throws IOException {
    if (value.isNumeric()) {
      return new Ratio(p.getText(), p.getDoubleValue());
    }
    if (value == JsonToken.VALUE_STRING) {
      return new Ratio(p.getText(), NumberInput.parseAsDouble(p.getText(), 0, false));
    }
    p.skipChildren();
    return null;
  }

  /** Truncated, when a result used its whole tuple or data-point limit. */
  private static Remarks limitsReached(String id, Ratio tuples, Ratio points) {
    if (tuples != null && tuples.value() >= 1) {
      return Remarks.NONE.truncated(
          id
              + " reached Dynatrace's limit of dimension tuples (dimensionCountRatio "
              + tuples.text()
              + "); Dynatrace ignores the tuples past it");
    }
    if (points != null && points.value() >= 1) {
      return Remarks.NONE.truncated(
          id
              + " reached Dynatrace's limit of data points (dataPointCountRatio "
              + points.text()
              + ")");
    }
    return Remarks.NONE;
  }

  private static String of(String id) {
    return id.isEmpty() ? "a result" : id;
  }
}
