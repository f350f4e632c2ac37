package io.statsbridge.store;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.SeriesLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One table's series labels during a poll, and those the last poll saw: a row whose label values
 * the last poll had gets the same {@link SeriesLabels} again instead of bytes encoded anew. A poll
 * allocates nothing for a series the last poll saw (the cache is updated in place), which keeps the
 * garbage alive during a poll (and in the heap after a collection that falls in one) small.
 * Confined to the query's poll thread: a poll starts with {@link #again()} and, once its rows are
 * all in, ends with {@link #next()}; between polls the cache holds one poll's labels.
 */
final class LabelCache {
  /** A row's labels, and whether an earlier row of the same table had them. */
  record Labels(SeriesLabels labels, boolean repeated) {}

  /** A label set's labels, the poll that added them and the last poll that saw them. */
  private static final class Entry {
    final SeriesLabels labels;
    final long addedIn;
    long seenIn;

    Entry(SeriesLabels labels, long poll) {
      this.labels = labels;
      this.addedIn = poll;
      this.seenIn = poll;
    }
  }

  private final LabelSet labelSet;
  private final Map<LabelKey, Entry> entries = new HashMap<>();

  /** The poll under way, and the last one that ended with {@link #next()}. */
  private long poll = 1;

  private long completed;
  private boolean added;

  LabelCache(LabelSet labelSet) {
    this.labelSet = labelSet;
  }

  Labels labels(List<String> values) {
    LabelKey key = LabelKey.of(values);
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry(labelSet.render(values), poll);
      entries.put(key, entry);
      added = true;
      return new Labels(entry.labels, false);
    }
    boolean repeated = entry.seenIn == poll;
    entry.seenIn = poll;
    return new Labels(entry.labels, repeated);
  }

  /** Ends this poll: forgets what it did not see, and starts the next one. */
  LabelCache next() {
    entries.values().removeIf(e -> e.seenIn != poll);
    completed = poll;
    poll++;
    added = false;
    return this;
  }

  /**
   * Starts a poll that knows what the last poll ended with {@link #next()} saw: one that failed
   * halfway since leaves nothing of its rows behind.
   */
  LabelCache again() {
    if (added) {
      entries.values().removeIf(e -> e.addedIn > completed);
      added = false;
    }
    poll++;
    return this;
  }
}
