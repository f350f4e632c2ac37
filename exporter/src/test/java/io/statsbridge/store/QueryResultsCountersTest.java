package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.status.Remarks;
import io.statsbridge.testing.Renderers;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Counter accumulation of one query, through the path a poll takes: rows in, text out. */
class QueryResultsCountersTest {
  static final List<MetricFamily> FAMILIES =
      List.of(MetricFamily.counter("x_bytes", "Bytes."), MetricFamily.counter("x_packets", "P."));
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  static final Duration HOLD = Duration.ofSeconds(30);

  private final QueryResults results = new QueryResults("q", Map.of(), "fp", Renderers.shared());

  /** One window ending at {@code now}; {@code rows} are triples of label a, bytes, packets. */
  private Counters window(Instant now, Duration hold, Object... rows) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i += 3) {
      double bytes = ((Number) rows[i + 1]).doubleValue();
      double packets = ((Number) rows[i + 2]).doubleValue();
      out.add(new Row(List.of((String) rows[i]), new double[] {bytes, packets}));
    }
    Batch batch = Batch.of(new Table(List.of("a"), FAMILIES, out), Remarks.NONE);
    return results.apply(batch, now, now, hold).counters();
  }

  private static String text(Counters c) {
    StringBuilder out = new StringBuilder();
    for (FamilyChunk f : c.rendered().families()) {
      out.append(f.chunk().text());
    }
    return out.toString();
  }

  private String committedText(Instant now) {
    return results.commitDue(now) ? text(results.counters()) : "(nothing due)";
  }

  @Test
  void newSeriesStartAtZeroAndTheirFirstWindowIsAddedWhenDue() {
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 0\nx_packets_total{query=\"q\",a=\"1\"} 0\n",
        text(window(T0, HOLD, "1", 100, 5)));
    assertEquals("(nothing due)", committedText(T0.plusSeconds(29)));
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 100\nx_packets_total{query=\"q\",a=\"1\"} 5\n",
        committedText(T0.plusSeconds(30)));
  }

  @Test
  void noCountFromAnySourceCanMakeACounterInfiniteOrGoDown() {
    window(T0, Duration.ZERO, "1", 100, 5);
    window(T0.plusSeconds(10), Duration.ZERO, "1", Double.POSITIVE_INFINITY, -3);
    window(T0.plusSeconds(20), Duration.ZERO, "1", Double.MAX_VALUE, 1);
    String text = text(window(T0.plusSeconds(30), Duration.ZERO, "1", Double.MAX_VALUE, 1));
    assertTrue(text.contains("x_packets_total{query=\"q\",a=\"1\"} 7\n"), text);
    assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("inf"), text);
  }

  @Test
  void laterWindowsQueueBehindAHeldWindowAndLandWithIt() {
    window(T0, HOLD, "1", 100, 5);
    String during = text(window(T0.plusSeconds(10), HOLD, "1", 7, 1));
    assertTrue(during.startsWith("x_bytes_total{query=\"q\",a=\"1\"} 0\n"), during);
    String after = text(window(T0.plusSeconds(40), HOLD, "1", 3, 1));
    assertTrue(after.startsWith("x_bytes_total{query=\"q\",a=\"1\"} 110\n"), after);
  }

  @Test
  void duplicateRowsOfANewSeriesAreHeldTogether() {
    // Two rows for one label set (an empty group_by, say): the series is new once, not per row.
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 0\nx_packets_total{query=\"q\",a=\"1\"} 0\n",
        text(window(T0, HOLD, "1", 1, 1, "1", 2, 2)));
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 3\nx_packets_total{query=\"q\",a=\"1\"} 3\n",
        committedText(T0.plus(HOLD)));
  }

  @Test
  void duplicateRowsOfOneSeriesAreSummed() {
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 3\nx_packets_total{query=\"q\",a=\"1\"} 3\n",
        text(window(T0, Duration.ZERO, "1", 1, 1, "1", 2, 2)));
  }

  @Test
  void duplicateRowsAddOnlyTheValuesTheyHave() {
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 5\nx_packets_total{query=\"q\",a=\"1\"} 3\n",
        text(window(T0, Duration.ZERO, "1", Double.NaN, 1, "1", 2, 2, "1", 3, Double.NaN)));
  }

  @Test
  void aHeldWindowAddsNothingForASeriesEvictedMeanwhile() {
    window(T0, HOLD, "1", 100, 5);
    window(T0.plusSeconds(15), HOLD, "2", 7, 1);
    assertTrue(results.evict(T0.plusSeconds(20), Duration.ofSeconds(10)));

    String landed = committedText(T0.plusSeconds(45));

    assertTrue(!landed.contains("a=\"1\""), landed);
    assertTrue(landed.startsWith("x_bytes_total{query=\"q\",a=\"2\"} 7\n"), landed);
  }

  @Test
  void aHeldWindowOfASeriesEvictedAndBackCountsForIt() {
    window(T0, HOLD, "1", 100, 5);
    window(T0.plusSeconds(10), HOLD, "2", 1, 1);
    assertTrue(results.evict(T0.plusSeconds(20), Duration.ofSeconds(10)));
    window(T0.plusSeconds(20), HOLD, "1", 7, 1);

    committedText(T0.plusSeconds(30));
    String landed = committedText(T0.plusSeconds(50));

    assertTrue(landed.startsWith("x_bytes_total{query=\"q\",a=\"1\"} 107\n"), landed);
  }

  @Test
  void aHeldWindowDoesNotKeepItsRows() throws InterruptedException {
    WeakReference<Row> row = heldRow();
    for (int i = 0; i < 20 && row.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(row.get(), "the held window still references its row");
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 100\nx_packets_total{query=\"q\",a=\"1\"} 5\n",
        committedText(T0.plus(HOLD)));
  }

  /** Applies a window of one new series, held; returns its row, referenced only by the results. */
  private WeakReference<Row> heldRow() {
    Row row = new Row(List.of("1"), new double[] {100, 5});
    results.apply(
        Batch.of(new Table(List.of("a"), FAMILIES, List.of(row)), Remarks.NONE), T0, T0, HOLD);
    return new WeakReference<>(row);
  }

  @Test
  void absentValuesExposeNothingAndAFamilyAppearingLaterAlsoStartsAtZero() {
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 100\n",
        text(window(T0, Duration.ZERO, "1", 100, Double.NaN)));
    assertEquals(
        "x_bytes_total{query=\"q\",a=\"1\"} 100\nx_packets_total{query=\"q\",a=\"1\"} 0\n",
        text(window(T0.plusSeconds(60), HOLD, "1", 1, 9)));
  }

  @Test
  void theCursorCoversOnlyWindowsWhollyInTheCounters() {
    assertEquals(Optional.empty(), window(T0, HOLD, "1", 1, 1).cursor());
    Instant t1 = T0.plusSeconds(10);
    assertEquals(Optional.empty(), window(t1, HOLD, "1", 1, 1, "2", 1, 1).cursor());
    // The first window lands; the second (which brought series 2) is still held.
    assertTrue(results.commitDue(T0.plus(HOLD)));
    assertEquals(Optional.of(new Cursor("fp", T0)), results.counters().cursor());
    assertTrue(results.commitDue(t1.plus(HOLD)));
    assertEquals(Optional.of(new Cursor("fp", t1)), results.counters().cursor());
  }

  @Test
  void seriesAbsentLongerThanTheTtlAreEvicted() {
    window(T0, Duration.ZERO, "1", 1, 1);
    window(T0.plusSeconds(1800), Duration.ZERO, "2", 1, 1);
    assertFalse(results.evict(T0.plusSeconds(3600), Duration.ofHours(1)));
    assertTrue(results.evict(T0.plusSeconds(3601), Duration.ofHours(1)));
    String after = text(results.counters());
    assertTrue(!after.contains("a=\"1\""), after);
    assertTrue(after.contains("a=\"2\""), after);
  }
}
