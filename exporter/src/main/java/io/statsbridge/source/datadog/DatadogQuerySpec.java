package io.statsbridge.source.datadog;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.exposition.LabelSet;
import java.util.List;

/**
 * A validated CNM query: group-by keys (≤ 10), tag filters, free-form query, row limit, and the
 * attributes to export.
 */
record DatadogQuerySpec(
    List<String> groupBy,
    List<String> tags,
    String query,
    int limit,
    List<DatadogAttribute> attributes)
    implements QuerySpec {
  DatadogQuerySpec {
    groupBy = List.copyOf(groupBy);
    tags = List.copyOf(tags);
    attributes = List.copyOf(attributes);
  }

  DatadogQuerySpec(List<String> groupBy, List<String> tags, String query, int limit) {
    this(groupBy, tags, query, limit, DatadogAttribute.ALL);
  }

  /** One label per group-by key. */
  @Override
  public List<String> labelNames() {
    return LabelSet.names(groupBy);
  }
}
