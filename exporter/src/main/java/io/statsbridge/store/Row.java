package io.statsbridge.store;

import java.util.Arrays;
import java.util.List;

/**
 * One upstream row: its label values (in the order of {@link Table#labelKeys()}) and one value per
 * family of {@link Batch#families()}; {@code NaN} means "absent upstream", which exposes no sample.
 * Counter values are the window's total, to be added to the running sum.
 */
public record Row(List<String> labelValues, double[] values) {
  public Row {
    labelValues = List.copyOf(labelValues);
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public int width() {
    return values.length;
  }

  public double value(int family) {
    return values[family];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r
        && labelValues.equals(r.labelValues)
        && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return labelValues.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Row" + labelValues + Arrays.toString(values);
  }
}
