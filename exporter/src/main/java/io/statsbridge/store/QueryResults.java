package io.statsbridge.store;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one query's batches into rendered gauges (the latest window) and counters (running sums).
 * Confined to the query's poll thread.
 */
public final class QueryResults {
  private final String query;
  private final Map<String, String> labels;
  private final String fingerprint;
  private final Renderer renderer;

  /** One accumulator per table shape (its counter families). */
  private final Map<List<MetricFamily>, CounterAccumulator> counters = new LinkedHashMap<>();

  /** What a table's label cache is kept by: its label keys and its families. */
  private record Shape(List<String> labelKeys, List<MetricFamily> families) {}

  /** Per table shape, the labels the last poll saw. */
  private Map<Shape, LabelCache> labelCaches = Map.of();

  private Optional<Instant> lastWindowTo = Optional.empty();

  /**
   * @param labels the query's static labels, on every series after {@code query}; no table the
   *     results are given may have a row label of the same name ({@link LabelSet#clash})
   * @param fingerprint the query's config fingerprint, carried into the cursor of its counters
   * @param renderer the exporter's, which renders every query's results
   */
  public QueryResults(
      String query, Map<String, String> labels, String fingerprint, Renderer renderer) {
    this.query = query;
    this.labels = Map.copyOf(labels);
    this.fingerprint = fingerprint;
    this.renderer = renderer;
  }

  /** What one successful poll publishes. */
  public record Update(Rendered gauges, Counters counters, int rows) {}

  /** Applies the batch of the window ending at {@code windowTo}. */
  public Update apply(Batch batch, Instant windowTo, Instant now, Duration newSeriesDelay) {
    commitDue(now);
    List<FamilyChunk> gauges = new ArrayList<>();
    Map<List<MetricFamily>, Boolean> seen = new HashMap<>();
    Map<CounterAccumulator, CounterAccumulator.Staged> staged = new LinkedHashMap<>();
    Map<Shape, LabelCache> caches = new HashMap<>();
    for (Table table : batch.tables()) {
      gauges.addAll(applyTable(table, now, seen, staged, labelCache(table, caches)).families());
    }
    labelCaches = new HashMap<>();
    caches.forEach((shape, cache) -> labelCaches.put(shape, cache.next()));
    boolean fresh = staged.values().stream().anyMatch(CounterAccumulator.Staged::fresh);
    Optional<Instant> holdUntil =
        fresh && !newSeriesDelay.isZero()
            ? Optional.of(now.plus(newSeriesDelay))
            : counters.values().stream()
                .map(CounterAccumulator::lastDue)
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
    staged.forEach((accumulator, window) -> accumulator.take(window, windowTo, holdUntil));
    lastWindowTo = Optional.of(windowTo);
    counters
        .keySet()
        .removeIf(shape -> !seen.containsKey(shape) && counters.get(shape).size() == 0);
    return new Update(new Rendered(gauges), counters(), batch.rowCount());
  }

  private Rendered applyTable(
      Table table,
      Instant now,
      Map<List<MetricFamily>, Boolean> seen,
      Map<CounterAccumulator, CounterAccumulator.Staged> staged,
      LabelCache cache) {
    List<MetricFamily> families = table.families();
    List<Integer> gaugeCols = new ArrayList<>();
    List<Integer> counterCols = new ArrayList<>();
    for (int f = 0; f < families.size(); f++) {
      (families.get(f).kind() == MetricFamily.Kind.COUNTER ? counterCols : gaugeCols).add(f);
    }
    // Rows that share a label set make one gauge sample each, as their family's Combine says;
    // counters add them up (CounterAccumulator).
    GaugeRows gaugeRows = new GaugeRows(table);
    List<SeriesLabels> labels = new ArrayList<>(table.rows().size());
    for (Row row : table.rows()) {
      LabelCache.Labels key = cache.labels(row.labelValues());
      gaugeRows.add(key, row);
      labels.add(key.labels());
    }
    if (!counterCols.isEmpty()) {
      List<MetricFamily> shape = counterCols.stream().map(families::get).toList();
      seen.put(shape, true);
      CounterAccumulator accumulator =
          counters.computeIfAbsent(shape, s -> new CounterAccumulator());
      int[] columns = counterCols.stream().mapToInt(Integer::intValue).toArray();
      staged.put(accumulator, accumulator.stage(shape, labels, table.rows(), columns, now));
    }
    return renderer.render(
        gaugeCols.stream().map(families::get).toList(),
        gaugeRows.labels(),
        (s, f) -> gaugeRows.value(s, gaugeCols.get(f)));
  }

  /**
   * The table's label cache for this poll, knowing what the last poll saw of its shape; a second
   * table of the same shape in one batch gets a cache of its own, which the next poll forgets.
   */
  private LabelCache labelCache(Table table, Map<Shape, LabelCache> caches) {
    Shape shape = new Shape(table.labelKeys(), table.families());
    if (caches.containsKey(shape)) {
      return new LabelCache(LabelSet.of(query, labels, table.labelKeys()));
    }
    LabelCache kept = labelCaches.get(shape);
    LabelCache cache =
        kept != null ? kept.again() : new LabelCache(LabelSet.of(query, labels, table.labelKeys()));
    caches.put(shape, cache);
    return cache;
  }

  private Rendered renderCounters() {
    List<FamilyChunk> out = new ArrayList<>();
    counters.values().forEach(c -> out.addAll(c.render(renderer).families()));
    return new Rendered(out);
  }

  /** The counters as they stand, with the window end they cover: rendered now. */
  public Counters counters() {
    return new Counters(renderCounters(), coveredTo().map(to -> new Cursor(fingerprint, to)));
  }

  /**
   * The end of the last window that is wholly in the counters: windows up to it are counted,
   * windows after it not at all (held windows are held whole). Gauge-only queries: the last window.
   */
  public Optional<Instant> coveredTo() {
    Optional<Instant> covered = lastWindowTo;
    for (CounterAccumulator c : counters.values()) {
      if (c.hasPending()) {
        Optional<Instant> applied = c.appliedTo();
        if (applied.isEmpty()) {
          return Optional.empty();
        }
        if (covered.isEmpty() || applied.get().isBefore(covered.get())) {
          covered = applied;
        }
      }
    }
    return covered;
  }

  public boolean hasPending() {
    return counters.values().stream().anyMatch(CounterAccumulator::hasPending);
  }

  /** When the next held window is due, if any is held. */
  public Optional<Instant> nextDue() {
    return counters.values().stream()
        .map(CounterAccumulator::nextDue)
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /**
   * Adds held windows that are due; true if any was, and the counters are to be published again
   * ({@link #counters()} renders them: once, after everything a commit changes).
   */
  public boolean commitDue(Instant now) {
    boolean any = false;
    for (CounterAccumulator c : counters.values()) {
      any |= c.commitDue(now);
    }
    return any;
  }

  /** Evicts series absent for {@code ttl}; true if any went, as {@link #commitDue}. */
  public boolean evict(Instant now, Duration ttl) {
    boolean any = false;
    for (CounterAccumulator c : counters.values()) {
      any |= c.evict(now, ttl);
    }
    return any;
  }
}
