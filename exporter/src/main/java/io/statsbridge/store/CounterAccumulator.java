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
    final SeriesLabels labels;
    final double[] totals;
    Instant lastSeen;
    boolean evicted;

    /** The staging that last met this series, and its place in that staging's window. */
    long stagedIn = -1;

    int stagedAt;

    Series(SeriesLabels labels, int width, Instant now) {
      this.labels = labels;
      totals = new double[width];
      Arrays.fill(totals, Double.NaN);
      lastSeen = now;
    }
  }

  /** One window, waiting for its due time. */
  private record Held(Staged window, Instant due, Instant to) {}

  private final Map<SeriesLabels, Series> series = new HashMap<>();
  private final Deque<Held> held = new ArrayDeque<>();
  private List<MetricFamily> families = List.of();
  private Optional<Instant> appliedTo = Optional.empty();
  private long stagings;

  /**
   * One window's counts per series. They are read from the window's rows in place, so a poll keeps
   * no second copy of its values: a series with one row points at that row, and only the rare
   * series with several rows gets their sum. A window that is held copies its counts out of the
   * rows, which it then lets go.
   */
  public static final class Staged {
    private final Series[] series;
    private final Row[] rows;
    private final int[] columns;
    private double[][] sums;
    private int size;
    private boolean fresh;

    private Staged(int rows, int[] columns) {
      this.series = new Series[rows];
      this.rows = new Row[rows];
      this.columns = columns;
    }

    /** Whether a series, or a family of a series, appears for the first time. */
    public boolean fresh() {
      return fresh;
    }

    /** Adds {@code row} to its series' counts; returns the series' place in this window. */
    private int add(Series s, Row row) {
      series[size] = s;
      rows[size] = row;
      return size++;
    }

    private void addTo(int at, Row row) {
      double[] sum = copied(at);
      for (int c = 0; c < columns.length; c++) {
        double value = row.value(columns[c]);
        if (!Double.isNaN(value)) {
          sum[c] = Double.isNaN(sum[c]) ? value : sum[c] + value;
        }
      }
    }

    /**
     * Copies the counts out of the rows, for a window that waits: a held window keeps one array of
     * counter values per series rather than whole rows with their labels and gauge values.
     */
    private void compact() {
      for (int at = 0; at < size; at++) {
        copied(at);
        rows[at] = null;
      }
    }

    /** The counts of the series at {@code at}, copied out of its row the first time. */
    private double[] copied(int at) {
      if (sums == null) {
        sums = new double[series.length][];
      }
      if (sums[at] == null) {
        sums[at] = new double[columns.length];
        for (int c = 0; c < columns.length; c++) {
          sums[at][c] = rows[at].value(columns[c]);
        }
      }
      return sums[at];
    }

    /** The window's count of the series at {@code at} for counter {@code c}; NaN for none. */
    private double value(int at, int c) {
      return sums != null && sums[at] != null ? sums[at][c] : rows[at].value(columns[c]);
    }
  }

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
    Staged window = new Staged(rows.size(), columns.clone());
    long staging = ++stagings;
    for (int r = 0; r < rows.size(); r++) {
      Series s = series.get(labels.get(r));
      if (s == null) {
        s = new Series(labels.get(r), families.size(), now);
        series.put(labels.get(r), s);
      }
      s.lastSeen = now;
      if (s.stagedIn == staging) {
        window.addTo(s.stagedAt, rows.get(r));
      } else {
        s.stagedIn = staging;
        s.stagedAt = window.add(s, rows.get(r));
      }
    }
    for (int i = 0; i < window.size; i++) {
      double[] totals = window.series[i].totals;
      for (int c = 0; c < columns.length; c++) {
        if (!Double.isNaN(window.value(i, c)) && Double.isNaN(totals[c])) {
          totals[c] = 0;
          window.fresh = true;
        }
      }
    }
    return window;
  }

  /**
   * Adds a staged window now, or holds it until {@code holdUntil}; a window never overtakes a held
   * one.
   */
  public void take(Staged staged, Instant windowTo, Optional<Instant> holdUntil) {
    if (holdUntil.isEmpty() && held.isEmpty()) {
      apply(staged, windowTo);
      return;
    }
    Instant due = holdUntil.orElseGet(() -> held.peekLast().due());
    if (!held.isEmpty() && held.peekLast().due().isAfter(due)) {
      due = held.peekLast().due();
    }
    staged.compact();
    held.addLast(new Held(staged, due, windowTo));
  }

  /** When the newest held window is due, if one is held. */
  public Optional<Instant> lastDue() {
    return held.isEmpty() ? Optional.empty() : Optional.of(held.peekLast().due());
  }

  private void apply(Staged window, Instant windowTo) {
    for (int i = 0; i < window.size; i++) {
      Series s = window.series[i];
      if (s.evicted) {
        // Evicted while its window was held: the counts go to the series if its labels are back.
        s = series.get(s.labels);
        if (s == null) {
          continue;
        }
      }
      for (int c = 0; c < window.columns.length; c++) {
        double d = window.value(i, c);
        double before = Double.isNaN(s.totals[c]) ? 0 : s.totals[c];
        // The parsers refuse such values as bad rows; here a counter is guarded whatever the
        // source: a negative, infinite or overflowing count would poison it for good.
        if (Double.isFinite(d) && d >= 0 && Double.isFinite(before + d)) {
          s.totals[c] = before + d;
        }
      }
    }
    appliedTo = Optional.of(windowTo);
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
      apply(h.window(), h.to());
      committed = true;
    }
    return committed;
  }

  /** Drops series not seen for {@code ttl}; returns whether any went. */
  public boolean evict(Instant now, Duration ttl) {
    boolean removed = false;
    Instant seenBefore = now.minus(ttl);
    for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
      Series s = it.next();
      if (s.lastSeen.isBefore(seenBefore)) {
        s.evicted = true;
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
