package io.statsbridge.store;

import io.statsbridge.exposition.SeriesLabels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One table's label sets with their rows, for its gauge samples: each label set once, in the order
 * first seen. Nearly every label set has one row, so only the rare further rows are kept in lists,
 * and each family's {@link RowCombiner} makes their one sample.
 */
final class GaugeRows {
  private final RowCombiner combiner;
  private final List<SeriesLabels> labels;
  private final List<Row> first;
  private final Map<SeriesLabels, List<Row>> further = new HashMap<>();

  GaugeRows(Table table) {
    this.combiner = new RowCombiner(table);
    this.labels = new ArrayList<>(table.rows().size());
    this.first = new ArrayList<>(table.rows().size());
  }

  void add(LabelCache.Labels row, Row values) {
    if (row.repeated()) {
      further.computeIfAbsent(row.labels(), k -> new ArrayList<>()).add(values);
    } else {
      labels.add(row.labels());
      first.add(values);
    }
  }

  /** The label sets, each once. */
  List<SeriesLabels> labels() {
    return Collections.unmodifiableList(labels);
  }

  /**
   * Column {@code column}'s sample for label set {@code s}; NaN (no sample) when no row has a
   * value, or the value is not finite: a gauge never shows {@code +Inf}, whatever the source sent.
   */
  double value(int s, int column) {
    List<Row> more = further.isEmpty() ? null : further.get(labels.get(s));
    double value;
    if (more == null) {
      value = first.get(s).value(column);
    } else {
      List<Row> rows = new ArrayList<>(more.size() + 1);
      rows.add(first.get(s));
      rows.addAll(more);
      value = combiner.value(rows, column);
    }
    return Double.isFinite(value) ? value : Double.NaN;
  }
}
