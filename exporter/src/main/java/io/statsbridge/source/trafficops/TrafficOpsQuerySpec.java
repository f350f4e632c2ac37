package io.statsbridge.source.trafficops;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.exposition.LabelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated Traffic Ops query.
 *
 * @param cdns CDN names for {@code cache_stats}
 * @param metricTypes which {@code metricType}s to fetch per CDN
 * @param perCache whether to also fetch {@code caches/stats}
 * @param exclude {@code series} or {@code summary}, passed to the API to leave that part out
 * @param statsInterval the {@code interval} (bucket) of {@code cache_stats}, e.g. {@code 1m}
 * @param stats the summary statistics to export, of {@link TrafficOpsParser#STATS}, in its order
 */
record TrafficOpsQuerySpec(
    List<String> cdns,
    List<MetricType> metricTypes,
    boolean perCache,
    Optional<String> exclude,
    String statsInterval,
    List<String> stats)
    implements QuerySpec {
  TrafficOpsQuerySpec {
    cdns = List.copyOf(cdns);
    metricTypes = List.copyOf(metricTypes);
    stats = List.copyOf(stats);
  }

  /** Those of its tables (TrafficOpsQuery): per CDN, per CDN and statistic, per cache. */
  @Override
  public List<String> labelNames() {
    List<String> keys = new ArrayList<>();
    if (!cdns.isEmpty()) {
      keys.addAll(List.of("cdn", "stat"));
    }
    if (perCache) {
      keys.addAll(List.of("cachegroup", "hostname", "profile", "status"));
    }
    return LabelSet.names(keys);
  }
}
