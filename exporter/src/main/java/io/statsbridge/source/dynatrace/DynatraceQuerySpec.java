package io.statsbridge.source.dynatrace;

import io.statsbridge.config.QuerySpec;
import java.util.List;
import java.util.Optional;

/**
 * A validated Dynatrace query: Timeseries API v1 when {@code timeseriesId} is set, Metrics API v2
 * when {@code metricSelector} is.
 */
sealed interface DynatraceQuerySpec extends QuerySpec {
  Optional<String> metricName();

  Optional<String> unit();

  /** {@code POST /api/v1/timeseries/{id}}. */
  record V1(
      String timeseriesId,
      String aggregation,
      boolean total,
      List<String> entities,
      List<String> tags,
      Optional<Integer> percentile,
      Optional<String> relativeTime,
      boolean includePredictions,
      Optional<String> metricName,
      Optional<String> unit)
      implements DynatraceQuerySpec {
    public V1 {
      entities = List.copyOf(entities);
      tags = List.copyOf(tags);
    }
  }

  /** {@code GET /api/v2/metrics/query}. */
  record V2(
      String metricSelector,
      Optional<String> entitySelector,
      Optional<String> resolution,
      Optional<String> metricName,
      Optional<String> unit)
      implements DynatraceQuerySpec {}
}
