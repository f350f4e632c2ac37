package io.statsbridge.store;

import io.statsbridge.metrics.LabelSet;
import io.statsbridge.source.Batch;
import io.statsbridge.source.MetricFamily;
import io.statsbridge.source.Row;
import io.statsbridge.source.Table;
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

  /** One accumulator per table shape (its counter families). */
  private final Map<List<MetricFamily>, CounterAccumulator> counters = new LinkedHashMap<>();

  public QueryResults(String query) {
    this.query = query;
  }

  /** What one successful poll publishes. */
  public record Update(Rendered gauges, Rendered counters, int rows) {}

  public Update apply(Batch batch, Instant now, Duration newSeriesDelay) {
    List<FamilyChunk> gauges = new ArrayList<>();
    Map<List<MetricFamily>, Boolean> seen = new HashMap<>();
    for (Table table : batch.tables()) {
      gauges.addAll(applyTable(table, now, newSeriesDelay, seen).families());
    }
    counters
        .keySet()
        .removeIf(shape -> !seen.containsKey(shape) && counters.get(shape).size() == 0);
    return new Update(new Rendered(gauges), renderCounters(), batch.rowCount());
  }

  private Rendered applyTable(
      Table table, Instant now, Duration newSeriesDelay, Map<List<MetricFamily>, Boolean> seen) {
    List<MetricFamily> families = table.families();
    List<Integer> gaugeCols = new ArrayList<>();
    List<Integer> counterCols = new ArrayList<>();
    for (int f = 0; f < families.size(); f++) {
      (families.get(f).kind() == MetricFamily.Kind.COUNTER ? counterCols : gaugeCols).add(f);
    }
    Map<String, Row> gaugeRows = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>(table.rows().size());
    List<double[]> counterValues = new ArrayList<>(table.rows().size());
    for (Row row : table.rows()) {
      String key = LabelSet.render(query, table.labelNames(), row.labelValues());
      gaugeRows.putIfAbsent(key, row);
      labels.add(key);
      double[] values = new double[counterCols.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.value(counterCols.get(i));
      }
      counterValues.add(values);
    }
    if (!counterCols.isEmpty()) {
      List<MetricFamily> shape = counterCols.stream().map(families::get).toList();
      seen.put(shape, true);
      counters
          .computeIfAbsent(shape, s -> new CounterAccumulator())
          .add(shape, labels, counterValues, now, newSeriesDelay);
    }
    List<String> gaugeLabels = new ArrayList<>(gaugeRows.keySet());
    List<Row> gaugeValues = new ArrayList<>(gaugeRows.values());
    return Renderer.render(
        gaugeCols.stream().map(families::get).toList(),
        gaugeLabels,
        (s, f) -> gaugeValues.get(s).value(gaugeCols.get(f)));
  }

  private Rendered renderCounters() {
    List<FamilyChunk> out = new ArrayList<>();
    counters.values().forEach(c -> out.addAll(c.render().families()));
    return new Rendered(out);
  }

  public boolean hasPending() {
    return counters.values().stream().anyMatch(CounterAccumulator::hasPending);
  }

  /** Adds held-back first windows that are due; returns the counters to publish if any were. */
  public Optional<Rendered> commitDue(Instant now) {
    boolean any = false;
    for (CounterAccumulator c : counters.values()) {
      any |= c.commitDue(now);
    }
    return any ? Optional.of(renderCounters()) : Optional.empty();
  }

  /** Evicts series absent for {@code ttl}; returns the new rendering if anything went. */
  public Optional<Rendered> evict(Instant now, Duration ttl) {
    boolean any = false;
    for (CounterAccumulator c : counters.values()) {
      any |= c.evict(now, ttl);
    }
    return any ? Optional.of(renderCounters()) : Optional.empty();
  }
}
