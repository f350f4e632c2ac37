package io.statsbridge.testing;

import io.statsbridge.store.Batch;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.Rendered;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What a source's batch becomes on /metrics: the store's rendering of one window. */
public final class Exposed {
  private Exposed() {}

  /** The samples of {@code batch} as query {@code q}'s first window (counters added at once). */
  public static String text(Batch batch) {
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    QueryResults.Update update =
        new QueryResults("q", Map.of(), "fp", Renderers.shared())
            .apply(batch, now, now, Duration.ZERO);
    return text(update.gauges()) + text(update.counters().rendered());
  }

  private static String text(Rendered rendered) {
    StringBuilder out = new StringBuilder();
    for (FamilyChunk f : rendered.families()) {
      out.append(f.chunk().text());
    }
    return out.toString();
  }
}
