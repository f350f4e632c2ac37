package io.statsbridge.store;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.Decimals;
import io.statsbridge.exposition.MetricFamily;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * One gauge sample from the rows of one label set, as the family's {@link Combine} says. Sums and
 * means are computed in decimal ({@link Decimals}), so 0.1 + 0.2 is 0.3 and one row's value comes
 * out unchanged.
 */
final class RowCombiner {
  private final List<MetricFamily> families;

  /** Per family column, the columns of its weights. */
  private final int[][] weights;

  RowCombiner(Table table) {
    families = table.families();
    List<String> names = families.stream().map(MetricFamily::name).toList();
    weights = new int[families.size()][];
    for (int f = 0; f < weights.length; f++) {
      weights[f] = families.get(f).combine().weights().stream().mapToInt(names::indexOf).toArray();
    }
  }

  /**
   * Column {@code column}'s sample of {@code rows}; NaN when none of them has a value. A value that
   * is not finite counts as absent: the parsers refuse those, and no combination may make one.
   */
  double value(List<Row> rows, int column) {
    if (rows.size() == 1) {
      return finite(rows.get(0), column);
    }
    return switch (families.get(column).combine().mode()) {
      case FIRST -> first(rows, column);
      case MIN -> min(rows, column);
      case SUM -> sum(rows, column);
      case MEAN -> mean(rows, column, weights[column]);
    };
  }

  private static double first(List<Row> rows, int column) {
    for (Row r : rows) {
      if (!Double.isNaN(finite(r, column))) {
        return finite(r, column);
      }
    }
    return Double.NaN;
  }

  private static double min(List<Row> rows, int column) {
    double min = Double.NaN;
    for (Row r : rows) {
      double v = finite(r, column);
      min = Double.isNaN(min) || v < min ? v : min;
    }
    return min;
  }

  private static double sum(List<Row> rows, int column) {
    BigDecimal sum = null;
    for (Row r : rows) {
      double v = finite(r, column);
      if (!Double.isNaN(v)) {
        sum = sum == null ? Decimals.decimal(v) : sum.add(Decimals.decimal(v));
      }
    }
    return sum == null ? Double.NaN : sum.doubleValue();
  }

  /**
   * The mean weighted by the sum of {@code weightColumns} per row; the plain mean when a row with a
   * value lacks a weight, or the weights add up to 0.
   */
  private static double mean(List<Row> rows, int column, int[] weightColumns) {
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal weighted = BigDecimal.ZERO;
    BigDecimal totalWeight = BigDecimal.ZERO;
    boolean weightsKnown = weightColumns.length > 0;
    int n = 0;
    for (Row r : rows) {
      double v = finite(r, column);
      if (Double.isNaN(v)) {
        continue;
      }
      BigDecimal value = Decimals.decimal(v);
      sum = sum.add(value);
      n++;
      BigDecimal weight = weightsKnown ? weight(r, weightColumns) : null;
      weightsKnown = weight != null;
      if (weightsKnown) {
        weighted = weighted.add(value.multiply(weight));
        totalWeight = totalWeight.add(weight);
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    return weightsKnown && totalWeight.signum() > 0
        ? weighted.divide(totalWeight, MathContext.DECIMAL128).doubleValue()
        : sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
  }

  private static double finite(Row r, int column) {
    double v = r.value(column);
    return Double.isFinite(v) ? v : Double.NaN;
  }

  /** The row's weight, or null when one of its parts is absent. */
  private static BigDecimal weight(Row r, int[] columns) {
    BigDecimal weight = BigDecimal.ZERO;
    for (int c : columns) {
      double w = finite(r, c);
      if (Double.isNaN(w)) {
        return null;
      }
      weight = weight.add(Decimals.decimal(w));
    }
    return weight;
  }
}
