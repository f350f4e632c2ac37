package io.statsbridge.store;

import java.util.Optional;

/**
 * A query's rendered counters and the cursor of the windows they contain; immutable. The two travel
 * together so that a scrape that delivers these counters knows exactly which windows it delivered.
 */
public record Counters(Rendered rendered, Optional<Cursor> cursor) {
  public static final Counters EMPTY = new Counters(Rendered.EMPTY, Optional.empty());
}
