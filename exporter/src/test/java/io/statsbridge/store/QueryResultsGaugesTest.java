package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.status.Remarks;
import io.statsbridge.testing.Renderers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows of one window that share a label set: each gauge combines them as its family declares
 * (counters add up, see {@link QueryResultsCountersTest}).
 */
class QueryResultsGaugesTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  static final MetricFamily PACKETS = MetricFamily.counter("x_packets", "Packets.");
  static final MetricFamily RTT =
      MetricFamily.gauge("x_rtt_seconds", "RTT.", Combine.meanWeightedBy("x_packets"));
  static final MetricFamily RATE = MetricFamily.gauge("x_per_second", "Rate.", Combine.sum());
  static final MetricFamily LATEST = MetricFamily.gauge("x_latest", "Latest.", Combine.first());
  static final MetricFamily HEALTHY = MetricFamily.gauge("x_healthy", "Healthy.", Combine.min());
  static final List<MetricFamily> FAMILIES = List.of(PACKETS, RTT, RATE, LATEST, HEALTHY);

  /** The gauges of one window; {@code rows} are (label, packets, rtt, rate, latest, healthy). */
  private static String gauges(double[]... rows) {
    List<Row> out = new ArrayList<>();
    for (double[] r : rows) {
      out.add(new Row(List.of("a"), r));
    }
    Batch batch = Batch.of(new Table(List.of("pair"), FAMILIES, out), Remarks.NONE);
    return text(
        new QueryResults("q", Map.of(), "fp", Renderers.shared())
            .apply(batch, T0, T0, Duration.ZERO));
  }

  private static String sample(String text, MetricFamily family) {
    String prefix = family.name() + "{query=\"q\",pair=\"a\"} ";
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElse("(none)");
  }

  static final double NA = Double.NaN;

  @Test
  void aGaugeIsNeverInfinite() {
    String text =
        gauges(
            new double[] {10, NA, Double.MAX_VALUE, Double.POSITIVE_INFINITY, NA},
            new double[] {10, NA, Double.MAX_VALUE, Double.NEGATIVE_INFINITY, 1});
    assertEquals("(none)", sample(text, RATE), "MAX_VALUE + MAX_VALUE overflows: no sample");
    assertEquals("(none)", sample(text, LATEST));
    assertEquals("1", sample(text, HEALTHY));
  }

  @Test
  void rttIsTheMeanWeightedByPackets() {
    // 10 packets at 1 ms and 30 at 3 ms: 2.5 ms, not the first row's 1 ms.
    String text =
        gauges(new double[] {10, 0.001, NA, NA, NA}, new double[] {30, 0.003, NA, NA, NA});
    assertEquals("0.0025", sample(text, RTT));
  }

  @Test
  void rttFallsBackToThePlainMeanWhenARowHasNoPackets() {
    String text =
        gauges(new double[] {10, 0.001, NA, NA, NA}, new double[] {NA, 0.004, NA, NA, NA});
    assertEquals("0.0025", sample(text, RTT));
  }

  @Test
  void ratesOfDisjointRowsAddUpExactly() {
    String text = gauges(new double[] {1, NA, 0.1, NA, NA}, new double[] {1, NA, 0.2, NA, NA});
    assertEquals("0.3", sample(text, RATE));
  }

  @Test
  void theFirstRowWithAValueWinsAndHealthIsTheWorstRow() {
    String text =
        gauges(
            new double[] {1, NA, NA, NA, 1},
            new double[] {1, NA, NA, 7, 0},
            new double[] {1, NA, NA, 8, 1});
    assertEquals("7", sample(text, LATEST));
    assertEquals("0", sample(text, HEALTHY));
  }

  @Test
  void aLabelSetSharedInOnePollStandsAloneInTheNext() {
    QueryResults results = new QueryResults("q", Map.of(), "fp", Renderers.shared());
    Batch shared =
        Batch.of(
            new Table(
                List.of("pair"),
                FAMILIES,
                List.of(
                    new Row(List.of("a"), new double[] {1, NA, 0.1, NA, NA}),
                    new Row(List.of("a"), new double[] {1, NA, 0.2, NA, NA}))),
            Remarks.NONE);
    Batch alone =
        Batch.of(
            new Table(
                List.of("pair"),
                FAMILIES,
                List.of(new Row(List.of("a"), new double[] {1, NA, 0.5, NA, NA}))),
            Remarks.NONE);

    assertEquals("0.3", sample(text(results.apply(shared, T0, T0, Duration.ZERO)), RATE));
    Instant next = T0.plusSeconds(60);
    assertEquals("0.5", sample(text(results.apply(alone, next, next, Duration.ZERO)), RATE));
  }

  private static String text(QueryResults.Update update) {
    StringBuilder text = new StringBuilder();
    for (FamilyChunk f : update.gauges().families()) {
      text.append(f.chunk().text());
    }
    return text.toString();
  }

  @Test
  void rowsWithoutTheValueGiveNoSample() {
    String text = gauges(new double[] {1, NA, NA, NA, NA}, new double[] {1, NA, NA, NA, NA});
    assertEquals("(none)", sample(text, RTT));
    assertEquals("(none)", sample(text, RATE));
  }

  @Test
  void theRuleBelongsToTheFamilyAndIsCheckedWhereItIsDeclared() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new MetricFamily("x_bytes", "B.", MetricFamily.Kind.COUNTER, Combine.first()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Table(List.of("pair"), List.of(RTT), List.of()),
        "a weight that is not in the table");
  }
}
