package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RendererTest {
  private static final List<MetricFamily> FAMILIES =
      List.of(MetricFamily.gauge("a", "A."), MetricFamily.counter("b", "B."));

  @Test
  void aLargeRenderIsSortedByLabelsAndTheSameOnThePoolAsAfterItClosed() {
    List<SeriesLabels> labels = new ArrayList<>();
    LabelSet set = LabelSet.of("q", List.of("n"));
    for (int i = 5_000; i > 0; i--) {
      labels.add(set.render(List.of(Integer.toString(i))));
    }
    Renderer.Values values = (s, f) -> f == 0 ? s : (s % 2 == 0 ? s * 10 : Double.NaN);
    String pooled;
    String closed;
    try (Renderer renderer = Renderer.start(() -> {})) {
      pooled = text(renderer.render(FAMILIES, labels, values));
      renderer.close();
      // A poll finishing while the exporter shuts down renders on its own thread.
      closed = text(renderer.render(FAMILIES, labels, values));
    }
    assertEquals(pooled, closed);
    List<String> lines = pooled.lines().toList();
    assertEquals(5_000 + 2_500, lines.size());
    assertEquals("a{query=\"q\",n=\"1\"} 4999", lines.get(0));
    assertEquals("a{query=\"q\",n=\"10\"} 4990", lines.get(1), "ordered by label bytes");
  }

  @Test
  void aPollConvertingRowsRunsItsCheckpointEverySixtyFourRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 640; i++) {
      rows.add(new Row(List.of(Integer.toString(i)), new double[] {i}));
    }
    Batch batch =
        Batch.of(new Table(List.of("n"), List.of(MetricFamily.gauge("a", "A.")), rows), false);
    AtomicInteger checkpoints = new AtomicInteger();
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    try (Renderer renderer = Renderer.start(checkpoints::incrementAndGet)) {
      new QueryResults("q", "fp", renderer).apply(batch, now, now, Duration.ZERO);
    }
    // Ten in the conversion; the render's 16 KiB of text is one more, or none.
    assertTrue(checkpoints.get() >= 10, checkpoints.get() + " checkpoints");
  }

  private static String text(Rendered rendered) {
    StringBuilder out = new StringBuilder();
    rendered.families().forEach(c -> out.append(c.chunk().text()));
    return out.toString();
  }
}
