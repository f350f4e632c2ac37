package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.status.Remarks;
import io.statsbridge.testing.CollidingTexts;
import io.statsbridge.testing.Renderers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabelKeyTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  static final MetricFamily RATE = MetricFamily.gauge("x_per_second", "Rate.", Combine.sum());

  @Test
  void valuesThatEncodeToTheSameBytesAreOneKey() {
    assertEquals(LabelKey.of(List.of("?")), LabelKey.of(List.of("\uD800")));
    assertEquals(LabelKey.of(List.of("a?b?")), LabelKey.of(List.of("a\uDC00b\uD800")));
    assertNotEquals(LabelKey.of(List.of("?")), LabelKey.of(List.of("\uD83D\uDE80")), "a pair");
    assertEquals(0, LabelKey.of(List.of("?")).compareTo(LabelKey.of(List.of("\uDC00"))));
  }

  @Test
  void rowsWhoseValuesEncodeAlikeMakeOneGaugeSample() {
    assertEquals(
        "x_per_second{query=\"q\",pair=\"?\"} 111\n",
        samples(
            List.of(
                new Row(List.of("?"), new double[] {1}),
                new Row(List.of("\uD800"), new double[] {10}),
                new Row(List.of("?"), new double[] {100}))));
  }

  /**
   * Upstream text can give thousands of label values one hash ("Aa" and "BB" hash alike, and so do
   * their concatenations). Their keys are ordered, so the map searches them as a tree: the poll
   * takes a fraction of a second. Keys without an order made it quadratic (about 45 s here).
   */
  @Test
  void labelValuesWithOneHashDoNotMakeAPollQuadratic() {
    List<Row> rows = new ArrayList<>();
    for (String value : CollidingTexts.of(15)) {
      rows.add(new Row(List.of(value), new double[] {1}));
    }
    assertEquals(1, rows.stream().map(r -> r.labelValues().hashCode()).distinct().count());

    String text = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> samples(rows));

    assertEquals(1 << 15, text.lines().count());
  }

  private static String samples(List<Row> rows) {
    Batch batch = Batch.of(new Table(List.of("pair"), List.of(RATE), rows), Remarks.NONE);
    StringBuilder text = new StringBuilder();
    for (FamilyChunk f :
        new QueryResults("q", Map.of(), "fp", Renderers.shared())
            .apply(batch, T0, T0, Duration.ZERO)
            .gauges()
            .families()) {
      text.append(f.chunk().text());
    }
    return text.toString()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
