package io.statsbridge.store;

import io.statsbridge.exposition.MetricFamily;
import java.util.List;

/**
 * Rows sharing one set of label names and families, e.g. Datadog's group-by rows, or Traffic Ops'
 * per-cache rows beside its per-CDN rows.
 *
 * @param labelKeys the upstream's names for the row values (group-by or dimension keys); the store
 *     makes them Prometheus label names, next to {@code query}
 * @param families the families each row has a value slot for (and the weights of their means)
 * @param rows the upstream's rows; several may share a label set, and each family's {@link Combine}
 *     makes their one sample
 */
public record Table(List<String> labelKeys, List<MetricFamily> families, List<Row> rows) {
  public Table {
    labelKeys = List.copyOf(labelKeys);
    families = List.copyOf(families);
    rows = List.copyOf(rows);
    List<String> names = families.stream().map(MetricFamily::name).toList();
    for (MetricFamily f : families) {
      if (!names.containsAll(f.combine().weights())) {
        throw new IllegalArgumentException(
            f.name() + " is weighted by " + f.combine().weights() + ", not all in " + names);
      }
    }
    for (Row row : rows) {
      if (row.labelValues().size() != labelKeys.size() || row.width() != families.size()) {
        throw new IllegalArgumentException("row shape does not match the table: " + row);
      }
    }
  }
}
