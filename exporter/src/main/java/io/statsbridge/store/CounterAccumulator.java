package io.statsbridge.store;

import io.statsbridge.source.MetricFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running sums of one query's counters: each window's total is added to its series. Confined to the
 * query's poll thread; it publishes only rendered, immutable copies.
 *
 * <p>A cell (series × family) seen for the first time is exposed at 0 and its first window is held
 * back for {@code hold} (set it to at least a scrape interval), until {@link #commitDue}:
 * Prometheus' {@code increase()} counts a counter's first sample as its start, so a series that
 * appeared with its first window already added would silently lose that window.
 */
public final class CounterAccumulator {
  private static final class Series {
    final double[] totals;
    final double[] pending;
    Instant lastSeen;
    Instant pendingDue;

    Series(int width, Instant now) {
      totals = new double[width];
      pending = new double[width];
      Arrays.fill(totals, Double.NaN);
      lastSeen = now;
    }
  }

  private final Map<String, Series> series = new LinkedHashMap<>();
  private List<MetricFamily> families = List.of();
  private int pendingSeries;

  /**
   * Adds one window. {@code indexes[i]} is the batch column of counter family {@code
   * families.get(i)}; rows sharing a label set (hostile upstream) are summed.
   */
  public void add(
      List<MetricFamily> counterFamilies,
      List<String> labels,
      List<double[]> rows,
      Instant now,
      Duration hold) {
    commitDue(now);
    boolean holdNewCells = !hold.isZero();
    if (!counterFamilies.equals(families)) {
      series.clear();
      pendingSeries = 0;
      families = List.copyOf(counterFamilies);
    }
    for (int r = 0; r < rows.size(); r++) {
      double[] values = rows.get(r);
      Series s = series.computeIfAbsent(labels.get(r), k -> new Series(families.size(), now));
      s.lastSeen = now;
      for (int c = 0; c < values.length; c++) {
        double v = values[c];
        if (Double.isNaN(v)) {
          continue;
        }
        if (Double.isNaN(s.totals[c])) {
          s.totals[c] = holdNewCells ? 0 : v;
          if (holdNewCells) {
            if (s.pendingDue == null) {
              s.pendingDue = now.plus(hold);
              pendingSeries++;
            }
            s.pending[c] += v;
          }
        } else {
          s.totals[c] += v;
        }
      }
    }
  }

  public boolean hasPending() {
    return pendingSeries > 0;
  }

  /** Adds the held-back first windows that are due; returns whether any were. */
  public boolean commitDue(Instant now) {
    if (pendingSeries == 0) {
      return false;
    }
    boolean committed = false;
    for (Series s : series.values()) {
      if (s.pendingDue != null && !s.pendingDue.isAfter(now)) {
        for (int c = 0; c < s.pending.length; c++) {
          s.totals[c] += s.pending[c];
          s.pending[c] = 0;
        }
        s.pendingDue = null;
        pendingSeries--;
        committed = true;
      }
    }
    return committed;
  }

  /** Drops series not seen for {@code ttl}; returns whether any went. */
  public boolean evict(Instant now, Duration ttl) {
    boolean removed = false;
    for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
      Series s = it.next();
      if (s.lastSeen.plus(ttl).isBefore(now)) {
        pendingSeries -= s.pendingDue != null ? 1 : 0;
        it.remove();
        removed = true;
      }
    }
    return removed;
  }

  public int size() {
    return series.size();
  }

  public Rendered render() {
    List<String> labels = new ArrayList<>(series.keySet());
    List<Series> values = new ArrayList<>(series.values());
    return Renderer.render(families, labels, (s, f) -> values.get(s).totals[f]);
  }
}
