package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import io.statsbridge.status.Remarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A poll's thread runs the exporter's checkpoint (where it steps aside for scrapes) throughout the
 * work on the store's side: converting rows, summing and adding counters, sorting series. Only
 * checkpoints on the test's own thread count here; the render pool's are {@code ChunkWriter}'s.
 */
class PollCheckpointsTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

  private final Thread poll = Thread.currentThread();
  private int checkpoints;

  private void checkpoint() {
    if (Thread.currentThread() == poll) {
      checkpoints++;
    }
  }

  private static Batch rows(int n, MetricFamily family) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Row(List.of(String.format("%04d", i)), new double[] {i}));
    }
    return Batch.of(new Table(List.of("n"), List.of(family), rows), Remarks.NONE);
  }

  @Test
  void convertingRowsRunsItEverySixtyFourRows() {
    try (Renderer renderer = Renderer.start(this::checkpoint)) {
      new QueryResults("q", "fp", renderer)
          .apply(rows(640, MetricFamily.gauge("a", "A.")), T0, T0, Duration.ZERO);
    }
    assertTrue(checkpoints >= 10, checkpoints + " checkpoints");
  }

  @Test
  void summingAndAddingCountersRunsItEverySixtyFourSeries() {
    try (Renderer renderer = Renderer.start(this::checkpoint)) {
      QueryResults results = new QueryResults("q", "fp", renderer);
      results.apply(rows(640, MetricFamily.counter("c", "C.")), T0, T0, Duration.ZERO);
      // Converting 10, summing rows by series 10, registering the series 10.
      assertTrue(checkpoints >= 30, checkpoints + " checkpoints in the first window");
      checkpoints = 0;
      Instant next = T0.plusSeconds(60);
      results.apply(rows(640, MetricFamily.counter("c", "C.")), next, next, Duration.ZERO);
      // And adding the window to the totals, 10 more.
      assertTrue(checkpoints >= 40, checkpoints + " checkpoints in the second window");
    }
  }

  @Test
  void sortingSeriesRunsItEvery8192Comparisons() {
    List<SeriesLabels> labels = new ArrayList<>();
    LabelSet set = LabelSet.of("q", List.of("n"));
    for (int i = 0; i < 5_000; i++) {
      labels.add(set.render(List.of(Integer.toString(i))));
    }
    Collections.shuffle(labels, new Random(3)); // as a counter state's hash order
    try (Renderer renderer = Renderer.start(this::checkpoint)) {
      renderer.render(List.of(MetricFamily.gauge("a", "A.")), labels, (s, f) -> s);
    }
    // About 5,000 × log2(5,000) ≈ 60,000 comparisons; the render itself is on the pool.
    assertTrue(checkpoints >= 4, checkpoints + " checkpoints");
  }
}
