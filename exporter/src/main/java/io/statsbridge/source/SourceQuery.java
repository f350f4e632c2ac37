package io.statsbridge.source;

import java.time.Duration;

/** One bound query: fetches a window and turns it into rows. */
public interface SourceQuery {
  /**
   * Fetches {@code [window.from, window.to)}; one attempt, no retries (the poller owns those).
   *
   * @param timeout the per-request timeout
   */
  Batch fetch(Window window, Duration timeout) throws SourceException;
}
