package io.statsbridge.exposition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The label names of one table of series, decided once: the {@code query} label first, then the
 * upstream's keys as Prometheus label names ({@link LabelNames}: sanitized, reserved names
 * prefixed, collisions numbered). This is the one place those rules apply; sources hand over the
 * upstream's own keys.
 */
public final class LabelSet {
  /** The label every data series carries: the name of the query that fetched it. */
  public static final String QUERY = "query";

  private final String query;
  private final List<String> names;

  private LabelSet(String query, List<String> names) {
    this.query = query;
    this.names = names;
  }

  /**
   * @param upstreamKeys the upstream's names for the values of each row (group-by keys, dimension
   *     keys, …), in row order
   */
  public static LabelSet of(String query, List<String> upstreamKeys) {
    return new LabelSet(query, LabelNames.sanitizeAll(upstreamKeys, Set.of(QUERY)));
  }

  public List<String> names() {
    return names;
  }

  /** {@code {query="…",name="value",…}} for one row's values. */
  public SeriesLabels render(List<String> values) {
    StringBuilder out = new StringBuilder(32 + names.size() * 24);
    out.append('{').append(QUERY).append('=');
    Exposition.appendLabelValue(out, query);
    for (int i = 0; i < names.size(); i++) {
      out.append(',').append(names.get(i)).append('=');
      Exposition.appendLabelValue(out, values.get(i));
    }
    return new SeriesLabels(out.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }
}
