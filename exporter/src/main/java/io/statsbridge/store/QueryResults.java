package io.statsbridge.store;

import io.statsbridge.metrics.LabelSet;
import io.statsbridge.source.Batch;
import io.statsbridge.source.MetricFamily;
import io.statsbridge.source.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one query's batches into rendered gauges (the latest window) and counters (running sums).
 * Confined to the query's poll thread.
 */
public final class QueryResults {
  private final String query;
  private final CounterAccumulator counters = new CounterAccumulator();

  public QueryResults(String query) {
    this.query = query;
  }

  /** What one successful poll publishes. */
  public record Update(Rendered gauges, Rendered counters, int rows) {}

  public Update apply(Batch batch, Instant now, Duration newSeriesDelay) {
    List<MetricFamily> families = batch.families();
    List<Integer> gaugeCols = new ArrayList<>();
    List<Integer> counterCols = new ArrayList<>();
    for (int f = 0; f < families.size(); f++) {
      (families.get(f).kind() == MetricFamily.Kind.COUNTER ? counterCols : gaugeCols).add(f);
    }
    Map<String, Row> gaugeRows = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>(batch.rows().size());
    List<double[]> counterValues = new ArrayList<>(batch.rows().size());
    for (Row row : batch.rows()) {
      String key = LabelSet.render(query, batch.labelNames(), row.labelValues());
      gaugeRows.putIfAbsent(key, row);
      labels.add(key);
      double[] values = new double[counterCols.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.value(counterCols.get(i));
      }
      counterValues.add(values);
    }
    counters.add(
        counterCols.stream().map(families::get).toList(),
        labels,
        counterValues,
        now,
        newSeriesDelay);
    List<String> gaugeLabels = new ArrayList<>(gaugeRows.keySet());
    List<Row> gaugeValues = new ArrayList<>(gaugeRows.values());
    Rendered gauges =
        Renderer.render(
            gaugeCols.stream().map(families::get).toList(),
            gaugeLabels,
            (s, f) -> gaugeValues.get(s).value(gaugeCols.get(f)));
    return new Update(gauges, counters.render(), batch.rows().size());
  }

  public boolean hasPending() {
    return counters.hasPending();
  }

  /** Adds held-back first windows that are due; returns the counters to publish if any were. */
  public java.util.Optional<Rendered> commitDue(Instant now) {
    return counters.commitDue(now)
        ? java.util.Optional.of(counters.render())
        : java.util.Optional.empty();
  }

  /** Evicts series absent for {@code ttl}; returns the new rendering if anything went. */
  public java.util.Optional<Rendered> evict(Instant now, Duration ttl) {
    return counters.evict(now, ttl)
        ? java.util.Optional.of(counters.render())
        : java.util.Optional.empty();
  }
}
