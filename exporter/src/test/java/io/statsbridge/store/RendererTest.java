package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import java.util.ArrayList;
import java.util.List;
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
    try (Renderer renderer = Renderer.start()) {
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

  private static String text(Rendered rendered) {
    StringBuilder out = new StringBuilder();
    rendered.families().forEach(c -> out.append(c.chunk().text()));
    return out.toString();
  }
}
