package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A query's {@code labels:} ({@code {team: payments}}): fixed labels on every series of the query.
 * Their names are the user's, so they are refused rather than rewritten when they could not be
 * exported as written: not a Prometheus label name, reserved, or a label the query's rows have
 * already. Values are strings, any UTF-8; a YAML number or boolean must be quoted, since the tree
 * no longer knows how it was written ({@code 1.10} reads as 1.1).
 */
final class StaticLabels {
  static final String KEY = "labels";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /**
   * Prometheus' and statsbridge's own names: {@code exposition.LabelNames.RESERVED}, whose layer
   * config may not import (a test holds the two equal).
   */
  static final Set<String> RESERVED = Set.of("job", "instance", "le", "quantile", "query");

  private StaticLabels() {}

  /** {@code labels:} left empty, or {@code {}}, is no labels: the fingerprint does not change. */
  static void dropIfNone(ObjectNode query) {
    JsonNode labels = query.get(KEY);
    if (labels != null && (labels.isNull() || labels.isObject() && labels.isEmpty())) {
      query.remove(KEY);
    }
  }

  /** The valid labels of {@code labels}, sorted by name; the problems of the others recorded. */
  static Map<String, String> parse(ConfigNode q, JsonNode labels) {
    if (labels == null || labels.isNull()) {
      return Map.of();
    }
    if (!(labels instanceof ObjectNode map)) {
      q.problem(KEY, "must be a mapping of label names to values");
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> label : map.properties()) {
      String name = label.getKey();
      String key = KEY + "." + name;
      Optional<String> wrongName = nameProblem(name);
      wrongName.ifPresent(why -> q.problem(key, why));
      JsonNode value = label.getValue();
      if (value.isContainerNode()) {
        q.problem(key, "must be a string, not a " + (value.isArray() ? "list" : "mapping"));
      } else if (!value.isTextual()) {
        q.problem(key, "must be a string (got " + value + "); quote the value");
      } else if (value.asText().isEmpty()) {
        q.problem(key, "must not be empty: Prometheus takes an empty label for no label");
      } else if (wrongName.isEmpty()) {
        out.put(name, value.asText());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Optional<String> nameProblem(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.of("must be a label name: letters, digits and _, not starting with a digit");
    }
    if (name.startsWith("__")) {
      return Optional.of("is reserved: names starting with __ are Prometheus' own");
    }
    if (RESERVED.contains(name)) {
      return Optional.of(
          "is reserved (job, instance, le, quantile and query are set by Prometheus or"
              + " statsbridge)");
    }
    return Optional.empty();
  }

  /**
   * Refuses a label the query's rows have already ({@link QuerySpec#labelNames()}): a series cannot
   * carry one name twice. Reported on the query even when the label came from {@code defaults:},
   * where it may suit every other query.
   */
  static void checkAgainstRows(ConfigNode q, Map<String, String> labels, List<String> rowLabels) {
    for (String name : labels.keySet()) {
      if (rowLabels.contains(name)) {
        q.problemOfThisQuery(
            KEY + "." + name,
            "is already a label of this query's rows (its rows' labels: "
                + String.join(", ", rowLabels)
                + ")");
      }
    }
  }
}
