package io.statsbridge.store;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.SeriesLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One table's series labels during a poll, and those the last poll saw: a row whose label values
 * the last poll had gets the same {@link SeriesLabels} again instead of bytes encoded anew. A poll
 * then allocates label bytes only for series new to it, which keeps the garbage alive during a poll
 * (and in the heap after a collection that falls in one) small. Confined to the query's poll
 * thread: a poll fills {@link #again()} of the kept cache, and keeps its {@link #next()} once its
 * rows are all in, so between polls a cache holds one poll's labels.
 */
final class LabelCache {
  /** A row's labels, and whether an earlier row of the same table had them. */
  record Labels(SeriesLabels labels, boolean repeated) {}

  private final LabelSet labelSet;
  private final Map<LabelKey, SeriesLabels> last;
  private final Map<LabelKey, SeriesLabels> seen;

  LabelCache(LabelSet labelSet) {
    this(labelSet, Map.of());
  }

  private LabelCache(LabelSet labelSet, Map<LabelKey, SeriesLabels> last) {
    this.labelSet = labelSet;
    this.last = last;
    this.seen = new HashMap<>(last.size() * 4 / 3 + 1);
  }

  Labels labels(List<String> values) {
    LabelKey key = LabelKey.of(values);
    SeriesLabels labels = seen.get(key);
    if (labels != null) {
      return new Labels(labels, true);
    }
    labels = last.get(key);
    if (labels == null) {
      labels = labelSet.render(values);
    }
    seen.put(key, labels);
    return new Labels(labels, false);
  }

  /** An empty cache for the next poll that knows the labels this one saw, and only those. */
  LabelCache next() {
    return new LabelCache(labelSet, seen);
  }

  /**
   * An empty cache that knows what this one knew from the last poll: for a poll that starts from
   * this cache, so that one that fails halfway leaves nothing of its rows behind.
   */
  LabelCache again() {
    return new LabelCache(labelSet, last);
  }
}
