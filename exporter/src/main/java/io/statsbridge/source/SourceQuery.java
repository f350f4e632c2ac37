package io.statsbridge.source;

import io.statsbridge.store.Batch;

/** One bound query: fetches a window and turns it into rows. */
public interface SourceQuery {
  /**
   * Fetches {@code [window.from, window.to)}; one attempt, no retries (the poller owns those).
   *
   * @param deadline every request of the fetch takes its timeout from it, and none starts after it
   */
  Batch fetch(Window window, Deadline deadline) throws SourceException;
}
