package io.statsbridge.poll;

import io.statsbridge.log.Log;
import io.statsbridge.source.Window;
import io.statsbridge.status.Remarks;
import java.time.Duration;

/**
 * What a published poll says in the log besides its numbers: time skipped past {@code max_window},
 * and what the upstream said (a cut result, its warnings, no data). One line each, every poll they
 * hold: a user watching the log sees them while they last.
 */
final class PublishedLog {
  private static final Log LOG = Log.of(QueryRunner.class);

  private PublishedLog() {}

  static void log(
      String query, Window window, int rows, Remarks remarks, Duration skipped, Duration max) {
    if (!skipped.isZero()) {
      LOG.warn(
          "gap longer than max_window skipped",
          "query",
          query,
          "skipped",
          skipped,
          "max_window",
          max);
    }
    remarks
        .truncation()
        .ifPresent(
            why ->
                LOG.warn(
                    "result probably truncated; narrow the query or raise its limits",
                    "query",
                    query,
                    "rows",
                    rows,
                    "reason",
                    why));
    for (String warning : remarks.warnings()) {
      LOG.warn("upstream warning", "query", query, "warning", warning);
    }
    if (remarks.noData()) {
      LOG.warn("the upstream had no data for the window", "query", query, "window", window);
    }
  }
}
