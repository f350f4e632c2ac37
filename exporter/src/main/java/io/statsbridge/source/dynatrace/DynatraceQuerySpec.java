package io.statsbridge.source.dynatrace;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.exposition.LabelSet;
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

    /** Those of V1Query's table. */
    @Override
    public List<String> labelNames() {
      return LabelSet.names(List.of("entity_id", "entity_name", "aggregation"));
    }
  }

  /** {@code GET /api/v2/metrics/query}; its labels are the answer's dimension keys. */
  record V2(
      String metricSelector,
      Optional<String> entitySelector,
      Optional<String> resolution,
      Optional<String> metricName,
      Optional<String> unit)
      implements DynatraceQuerySpec {}
}
