package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.MetricFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterAccumulatorTest {
  static final List<MetricFamily> FAMILIES =
      List.of(MetricFamily.counter("x_bytes", "Bytes."), MetricFamily.counter("x_packets", "P."));
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  static final Duration HOLD = Duration.ofSeconds(30);

  private static String text(CounterAccumulator c) {
    StringBuilder out = new StringBuilder();
    for (FamilyChunk f : c.render().families()) {
      out.append(new String(f.chunk().bytes(false), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Test
  void newSeriesStartAtZeroAndTheirFirstWindowIsAddedWhenDue() {
    CounterAccumulator c = new CounterAccumulator();
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {100, 5}), T0, HOLD);
    assertEquals("x_bytes_total{a=\"1\"} 0\nx_packets_total{a=\"1\"} 0\n", text(c));
    assertFalse(c.commitDue(T0.plusSeconds(29)));
    assertTrue(c.commitDue(T0.plusSeconds(30)));
    assertEquals("x_bytes_total{a=\"1\"} 100\nx_packets_total{a=\"1\"} 5\n", text(c));
  }

  @Test
  void laterWindowsAddUpWhileTheFirstIsStillHeld() {
    CounterAccumulator c = new CounterAccumulator();
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {100, 5}), T0, HOLD);
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {7, 1}), T0.plusSeconds(10), HOLD);
    assertTrue(text(c).startsWith("x_bytes_total{a=\"1\"} 7\n"), text(c));
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {3, 1}), T0.plusSeconds(40), HOLD);
    assertTrue(text(c).startsWith("x_bytes_total{a=\"1\"} 110\n"), text(c));
  }

  @Test
  void absentValuesExposeNothingAndAFamilyAppearingLaterAlsoStartsAtZero() {
    CounterAccumulator c = new CounterAccumulator();
    c.add(
        FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {100, Double.NaN}), T0, Duration.ZERO);
    assertEquals("x_bytes_total{a=\"1\"} 100\n", text(c));
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {1, 9}), T0.plusSeconds(60), HOLD);
    assertEquals("x_bytes_total{a=\"1\"} 101\nx_packets_total{a=\"1\"} 0\n", text(c));
  }

  @Test
  void duplicateRowsOfOneSeriesAreSummed() {
    CounterAccumulator c = new CounterAccumulator();
    c.add(
        FAMILIES,
        List.of("{a=\"1\"}", "{a=\"1\"}"),
        List.of(new double[] {1, 1}, new double[] {2, 2}),
        T0,
        Duration.ZERO);
    assertEquals("x_bytes_total{a=\"1\"} 3\nx_packets_total{a=\"1\"} 3\n", text(c));
  }

  @Test
  void seriesAbsentLongerThanTheTtlAreEvicted() {
    CounterAccumulator c = new CounterAccumulator();
    c.add(FAMILIES, List.of("{a=\"1\"}"), List.of(new double[] {1, 1}), T0, Duration.ZERO);
    c.add(
        FAMILIES,
        List.of("{a=\"2\"}"),
        List.of(new double[] {1, 1}),
        T0.plusSeconds(1800),
        Duration.ZERO);
    assertFalse(c.evict(T0.plusSeconds(3600), Duration.ofHours(1)));
    assertTrue(c.evict(T0.plusSeconds(3601), Duration.ofHours(1)));
    assertEquals(1, c.size());
    assertFalse(text(c).contains("a=\"1\""));
  }
}
