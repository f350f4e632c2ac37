package io.statsbridge.source.datadog;

import io.statsbridge.source.SourceException;
import io.statsbridge.store.Batch;
import java.util.List;

/** Reaches the package-private parser for the benchmark, without widening production code. */
public final class DatadogBench {
  private DatadogBench() {}

  public static Batch parse(String body, List<String> groupBy, int limit) throws SourceException {
    return DatadogResponseParser.parse(body, groupBy, DatadogAttribute.ALL, limit);
  }
}
