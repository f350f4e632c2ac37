package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.Providers;
import io.statsbridge.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynatraceConfigTest {
  private static String problems(String queries) {
    String yaml =
        """
        sources:
          dt: {type: dynatrace, url: "https://abc12345.live.dynatrace.com", api_token: t}
        queries:
        """
            + queries;
    return String.join(
        "\n",
        assertThrows(
                ConfigException.class,
                () ->
                    Providers.loaders().create(Map.<String, String>of()::get).parse("s.yml", yaml))
            .problems());
  }

  @Test
  void exactlyOneApiMustBeChosen() {
    assertTrue(
        problems("  - {name: a, source: dt}\n")
            .contains(
                "queries[0]: set exactly one of timeseries_id (Timeseries API v1) or metric_selector (Metrics API v2)"));
    assertTrue(
        problems("  - {name: a, source: dt, timeseries_id: x, metric_selector: y}\n")
            .contains("set exactly one of"));
  }

  @Test
  void percentileGoesWithPercentileAggregationOnly() {
    String all =
        problems(
            """
              - {name: a, source: dt, timeseries_id: x, aggregation: percentile}
              - {name: b, source: dt, timeseries_id: x, aggregation: avg, percentile: 90}
              - {name: c, source: dt, timeseries_id: x, aggregation: percentile, percentile: 100}
              - {name: d, source: dt, timeseries_id: x, aggregation: mode, query_mode: all, relative_time: fortnight}
            """);
    for (String expected :
        List.of(
            "queries[0].percentile: must be 1..99 with aggregation: percentile (got null)",
            "queries[1].percentile: is only allowed with aggregation: percentile",
            "queries[2].percentile: must be 1..99 with aggregation: percentile (got 100)",
            "queries[3].aggregation: must be one of avg, count, max, median, min, percentile, sum (got \"mode\")",
            "queries[3].query_mode: must be total or series (got \"all\")",
            "queries[3].relative_time: must be one of")) {
      assertTrue(all.contains(expected), () -> "missing <" + expected + "> in\n" + all);
    }
  }

  @Test
  void keysOfTheOtherApiAreRejected() {
    String all =
        problems(
            """
              - {name: a, source: dt, metric_selector: "builtin:host.cpu.usage", aggregation: avg}
              - {name: b, source: dt, timeseries_id: x, resolution: 1m}
              - {name: c, source: dt, metric_selector: "builtin:x", metric_name: "9lives"}
            """);
    assertTrue(
        all.contains("queries[0].aggregation: applies to timeseries_id (v1) queries only"), all);
    assertTrue(
        all.contains("queries[1].resolution: applies to metric_selector (v2) queries only"), all);
    assertTrue(
        all.contains("queries[2].metric_name: must be a Prometheus metric name (got \"9lives\")"),
        all);
  }

  @Test
  void aDefaultThatOnlyOneApiTakesIsBlamedOnTheQueryOfTheOther() {
    String yaml =
        """
        defaults: {aggregation: max, percentile: 150}
        sources:
          dt: {type: dynatrace, url: "https://abc12345.live.dynatrace.com", api_token: t}
        queries:
          - {name: a, source: dt, metric_selector: "builtin:host.cpu.usage"}
          - {name: b, source: dt, timeseries_id: x, aggregation: percentile}
          - {name: c, source: dt, timeseries_id: y}
        """;
    assertEquals(
        List.of(
            "s.yml: queries[0].aggregation: applies to timeseries_id (v1) queries only; use"
                + " metric_selector transformations (aggregation is set in defaults)",
            "s.yml: queries[0].percentile: applies to timeseries_id (v1) queries only; use"
                + " metric_selector transformations (percentile is set in defaults)",
            "s.yml: queries[1].percentile: must be 1..99 with aggregation: percentile (got 150)"
                + " (percentile is set in defaults)",
            "s.yml: defaults.percentile: is only allowed with aggregation: percentile"),
        assertThrows(
                ConfigException.class,
                () ->
                    Providers.loaders().create(Map.<String, String>of()::get).parse("s.yml", yaml))
            .problems());
  }

  @Test
  void aMetricNameEndingInTotalIsRefusedWithTheReason() {
    String all =
        problems(
            """
              - {name: a, source: dt, metric_selector: "builtin:x", metric_name: requests_total}
              - {name: b, source: dt, timeseries_id: x, metric_name: errors_total}
              - {name: c, source: dt, metric_selector: "builtin:y", metric_name: "9lives"}
            """);
    for (String q : List.of("queries[0]", "queries[1]")) {
      assertTrue(
          all.contains(
              q
                  + ".metric_name: must not end in _total: Prometheus keeps that suffix for"
                  + " counters, and Dynatrace values are exported as gauges"),
          all);
    }
  }
}
