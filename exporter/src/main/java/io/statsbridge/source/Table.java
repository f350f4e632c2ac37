package io.statsbridge.source;

import java.util.List;

/**
 * Rows sharing one set of label names and families, e.g. Datadog's group-by rows, or Traffic Ops'
 * per-cache rows beside its per-CDN rows.
 *
 * @param labelNames sanitized, collision-free label names (without {@code query})
 * @param families the families each row has a value slot for
 * @param rows one row per upstream group-by combination
 */
public record Table(List<String> labelNames, List<MetricFamily> families, List<Row> rows) {
  public Table {
    labelNames = List.copyOf(labelNames);
    families = List.copyOf(families);
    rows = List.copyOf(rows);
    for (Row row : rows) {
      if (row.labelValues().size() != labelNames.size() || row.width() != families.size()) {
        throw new IllegalArgumentException("row shape does not match the table: " + row);
      }
    }
  }
}
