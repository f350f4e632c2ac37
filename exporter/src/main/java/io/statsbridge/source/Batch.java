package io.statsbridge.source;

import java.util.List;

/**
 * The rows of one successful fetch.
 *
 * @param labelNames sanitized, collision-free label names (without {@code query})
 * @param families the families each row has a value slot for
 * @param rows one row per upstream group-by combination
 * @param truncated whether the upstream probably cut the result (rows reached the limit)
 */
public record Batch(
    List<String> labelNames, List<MetricFamily> families, List<Row> rows, boolean truncated) {
  public Batch {
    labelNames = List.copyOf(labelNames);
    families = List.copyOf(families);
    rows = List.copyOf(rows);
    for (Row row : rows) {
      if (row.labelValues().size() != labelNames.size() || row.width() != families.size()) {
        throw new IllegalArgumentException("row shape does not match the batch: " + row);
      }
    }
  }
}
