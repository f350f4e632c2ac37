package io.statsbridge.exposition;

import java.util.List;

/**
 * How the rows of one window that share a label set (an empty {@code group_by}, a group-by the
 * upstream answers in several rows, a CDN listed twice) make one sample of a family. Declared by
 * the source with the family, since only the source knows what its rows mean; applied by the store.
 * Values that are absent (NaN) take no part; a label set whose rows all lack the value has no
 * sample.
 *
 * @param weights for {@link Mode#MEAN}: families of the same table whose values, added up per row,
 *     weigh that row (e.g. its packets); empty for a plain mean
 */
public record Combine(Mode mode, List<String> weights) {
  public enum Mode {
    /** Parts of one whole: window totals, rates of disjoint connections, servers' bandwidth. */
    SUM,
    /** The first row with a value wins: for rows that answer the same question again. */
    FIRST,
    /** The smallest value: a health flag is 1 only if every row is healthy. */
    MIN,
    /**
     * The mean, weighted by {@link #weights()}; the plain mean when a row lacks a weight or all
     * weights are 0.
     */
    MEAN
  }

  public Combine {
    weights = List.copyOf(weights);
    if (mode != Mode.MEAN && !weights.isEmpty()) {
      throw new IllegalArgumentException("only a mean takes weights, not " + mode);
    }
  }

  public static Combine sum() {
    return new Combine(Mode.SUM, List.of());
  }

  public static Combine first() {
    return new Combine(Mode.FIRST, List.of());
  }

  public static Combine min() {
    return new Combine(Mode.MIN, List.of());
  }

  /** The mean weighted by the sum of {@code families}' values in each row. */
  public static Combine meanWeightedBy(String... families) {
    return new Combine(Mode.MEAN, List.of(families));
  }
}
