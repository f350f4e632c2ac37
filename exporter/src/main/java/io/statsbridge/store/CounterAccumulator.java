package io.statsbridge.store;

import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Running sums of one table shape's counters: each window's total is added to its series. Confined
 * to the query's poll (under its state lock); it publishes only rendered, immutable copies.
 *
 * <p>A series (or one of its families) seen for the first time is exposed at 0, and the window that
 * brought it is held back for {@code hold} (at least a scrape interval): Prometheus' {@code
 * increase()} counts a counter's first sample as its start, so a series that appeared with its
 * first window already added would silently lose that window. Newness is decided per series after
 * the window's rows are summed, so two rows with one label set are held (or not) together.
 *
 * <p>A held window is held whole, and later windows queue behind it: the totals then always contain
 * exactly the windows up to {@link #appliedTo()}, which is what a restart resumes from. Whether to
 * hold is decided for the whole query ({@link QueryResults}), so that a query with several tables
 * holds all of them together: {@link #stage} first, then {@link #take}.
 */
public final class CounterAccumulator {
  private static final class Series {
    final double[] totals;
    Instant lastSeen;

    Series(int width, Instant now) {
      totals = new double[width];
      Arrays.fill(totals, Double.NaN);
      lastSeen = now;
    }
  }

  /** One window's per-series totals, waiting for its due time. */
  private record Held(Map<SeriesLabels, double[]> deltas, Instant due, Instant to) {}

  private final Runnable checkpoint;
  private final Map<SeriesLabels, Series> series = new HashMap<>();
  private final Deque<Held> held = new ArrayDeque<>();
  private List<MetricFamily> families = List.of();
  private Optional<Instant> appliedTo = Optional.empty();

  /**
   * @param checkpoint run every {@link Renderer#CHECKPOINT_ROWS} rows or series worked on
   */
  public CounterAccumulator(Runnable checkpoint) {
    this.checkpoint = checkpoint;
  }

  /**
   * One window's rows summed per series.
   *
   * @param fresh whether a series, or a family of a series, appears for the first time
   */
  public record Staged(Map<SeriesLabels, double[]> deltas, boolean fresh) {}

  /**
   * Registers the window's series (new ones exposed at 0) and sums its rows per label set: row
   * {@code r}'s value in column {@code columns[i]} is the value of counter family {@code
   * counterFamilies.get(i)} for series {@code labels.get(r)}; NaN is no value.
   */
  public Staged stage(
      List<MetricFamily> counterFamilies,
      List<SeriesLabels> labels,
      List<Row> rows,
      int[] columns,
      Instant now) {
    if (!counterFamilies.equals(families)) {
      series.clear();
      held.clear();
      families = List.copyOf(counterFamilies);
    }
    Map<SeriesLabels, double[]> deltas = sumByLabels(labels, rows, columns);
    boolean fresh = false;
    int done = 0;
    for (Map.Entry<SeriesLabels, double[]> e : deltas.entrySet()) {
      checkpointEvery(++done);
      Series s = series.get(e.getKey());
      if (s == null) {
        s = new Series(families.size(), now);
        series.put(e.getKey(), s);
      }
      s.lastSeen = now;
      double[] d = e.getValue();
      for (int c = 0; c < d.length; c++) {
        if (!Double.isNaN(d[c]) && Double.isNaN(s.totals[c])) {
          s.totals[c] = 0;
          fresh = true;
        }
      }
    }
    return new Staged(deltas, fresh);
  }

  /**
   * Adds a staged window now, or holds it until {@code holdUntil}; a window never overtakes a held
   * one.
   */
  public void take(Staged staged, Instant windowTo, Optional<Instant> holdUntil) {
    if (holdUntil.isEmpty() && held.isEmpty()) {
      apply(staged.deltas(), windowTo);
      return;
    }
    Instant due = holdUntil.orElseGet(() -> held.peekLast().due());
    if (!held.isEmpty() && held.peekLast().due().isAfter(due)) {
      due = held.peekLast().due();
    }
    held.addLast(new Held(staged.deltas(), due, windowTo));
  }

  /** When the newest held window is due, if one is held. */
  public Optional<Instant> lastDue() {
    return held.isEmpty() ? Optional.empty() : Optional.of(held.peekLast().due());
  }

  private Map<SeriesLabels, double[]> sumByLabels(
      List<SeriesLabels> labels, List<Row> rows, int[] columns) {
    Map<SeriesLabels, double[]> deltas = new LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      checkpointEvery(r + 1);
      Row row = rows.get(r);
      double[] sum = deltas.get(labels.get(r));
      if (sum == null) {
        sum = new double[columns.length];
        for (int c = 0; c < columns.length; c++) {
          sum[c] = row.value(columns[c]);
        }
        deltas.put(labels.get(r), sum);
        continue;
      }
      for (int c = 0; c < columns.length; c++) {
        double value = row.value(columns[c]);
        if (!Double.isNaN(value)) {
          sum[c] = Double.isNaN(sum[c]) ? value : sum[c] + value;
        }
      }
    }
    return deltas;
  }

  private void apply(Map<SeriesLabels, double[]> deltas, Instant windowTo) {
    int done = 0;
    for (Map.Entry<SeriesLabels, double[]> e : deltas.entrySet()) {
      checkpointEvery(++done);
      Series s = series.get(e.getKey());
      if (s == null) {
        continue; // evicted while held: its series is gone from /metrics anyway
      }
      double[] d = e.getValue();
      for (int c = 0; c < d.length; c++) {
        if (!Double.isNaN(d[c])) {
          s.totals[c] = (Double.isNaN(s.totals[c]) ? 0 : s.totals[c]) + d[c];
        }
      }
    }
    appliedTo = Optional.of(windowTo);
  }

  private void checkpointEvery(int done) {
    if (done % Renderer.CHECKPOINT_ROWS == 0) {
      checkpoint.run();
    }
  }

  public boolean hasPending() {
    return !held.isEmpty();
  }

  /** When the oldest held window is due, if one is held. */
  public Optional<Instant> nextDue() {
    return held.isEmpty() ? Optional.empty() : Optional.of(held.peekFirst().due());
  }

  /** The end of the last window whose counts are in the totals. */
  public Optional<Instant> appliedTo() {
    return appliedTo;
  }

  /** Adds the held windows that are due, oldest first; returns whether any were. */
  public boolean commitDue(Instant now) {
    boolean committed = false;
    while (!held.isEmpty() && !held.peekFirst().due().isAfter(now)) {
      Held h = held.removeFirst();
      apply(h.deltas(), h.to());
      committed = true;
    }
    return committed;
  }

  /** Drops series not seen for {@code ttl}; returns whether any went. */
  public boolean evict(Instant now, Duration ttl) {
    boolean removed = false;
    Instant seenBefore = now.minus(ttl);
    for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
      if (it.next().lastSeen.isBefore(seenBefore)) {
        it.remove();
        removed = true;
      }
    }
    return removed;
  }

  public int size() {
    return series.size();
  }

  public Rendered render(Renderer renderer) {
    List<SeriesLabels> labels = new ArrayList<>(series.keySet());
    List<Series> values = new ArrayList<>(series.values());
    return renderer.render(families, labels, (s, f) -> values.get(s).totals[f]);
  }
}
