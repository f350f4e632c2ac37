package io.statsbridge.source.datadog;

import io.statsbridge.config.QuerySpec;
import java.util.List;

/** A validated CNM query: group-by keys (≤ 10), tag filters, free-form query, row limit. */
record DatadogQuerySpec(List<String> groupBy, List<String> tags, String query, int limit)
    implements QuerySpec {
  DatadogQuerySpec {
    groupBy = List.copyOf(groupBy);
    tags = List.copyOf(tags);
  }
}
