package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Monitored;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Dynatrace source polling the simulator, which answers as Dynatrace documents it. */
class DynatraceAgainstSimulatorTest {
  static final Window WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));

  private static SourceQuery query(Simulator simulator, String queryYaml) throws Exception {
    return Sources.firstQuery(
        """
        sources:
          dt: {type: dynatrace, url: "%s", api_token: "%s"}
        queries:
          - %s
        """
            .formatted(simulator.url(), DynatraceSimulator.TOKEN, queryYaml),
        Map.of(),
        Clock.systemUTC());
  }

  private static Table fetch(SourceQuery q) throws Exception {
    return q.fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5))).tables().get(0);
  }

  @Test
  void totalModeTakesItsOnePointWhateverTimeItCarries() throws Exception {
    // The simulator stamps a TOTAL point with the window's end, as the documented response
    // model shows a point after the request's end: it is the window's value, not a prediction.
    Monitored.Metric cpu = Monitored.byV1("com.dynatrace.builtin:host.cpu.idle");
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      Table t =
          fetch(
              query(
                  simulator,
                  "{name: cpu, source: dt, timeseries_id: \""
                      + cpu.v1Id()
                      + "\", query_mode: total}"));
      assertEquals(cpu.entities().size(), t.rows().size(), t.rows().toString());
      for (Row row : t.rows()) {
        Monitored.Entity e =
            cpu.entities().stream()
                .filter(x -> x.id().equals(row.labelValues().get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals(average(cpu, e), row.value(0), row.toString());
      }
    }
  }

  /** What the simulator computes for a TOTAL answer: the mean of the window's non-null slots. */
  private static double average(Monitored.Metric m, Monitored.Entity e) {
    double sum = 0;
    int count = 0;
    for (long t = WINDOW.from().toEpochMilli(); t < WINDOW.to().toEpochMilli(); t += 60_000) {
      double v = Monitored.value(m, e, t);
      if (!Double.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return sum / count;
  }

  @Test
  void aTransformedSelectorIsConvertedFromTheUnitItsDescriptorGives() throws Exception {
    // :toUnit makes the data milliseconds; the key's own descriptor still says MicroSecond.
    Monitored.Metric rt = Monitored.byV2("builtin:service.response.time");
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      Table t =
          fetch(
              query(
                  simulator,
                  "{name: rt, source: dt, metric_selector: \""
                      + rt.v2Id()
                      + ":toUnit(MicroSecond,MilliSecond)\"}"));
      assertEquals("dynatrace_service_response_time_seconds", t.families().get(0).name());
      assertEquals(rt.entities().size(), t.rows().size(), t.rows().toString());
      for (Row row : t.rows()) {
        Monitored.Entity e =
            rt.entities().stream()
                .filter(x -> x.id().equals(row.labelValues().get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals(latest(rt, e) / 1e6, row.value(0), row.toString());
      }
    }
  }

  /** The window's latest non-null slot, in the metric's own unit. */
  private static double latest(Monitored.Metric m, Monitored.Entity e) {
    double latest = Double.NaN;
    for (long t = WINDOW.from().toEpochMilli(); t < WINDOW.to().toEpochMilli(); t += 60_000) {
      double v = Monitored.value(m, e, t);
      latest = Double.isNaN(v) ? latest : v;
    }
    return latest;
  }
}
