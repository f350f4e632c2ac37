package io.statsbridge.store;

import io.statsbridge.log.Log;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The windows a scraper has received, per query, kept on disk with {@code --storage.path}. A
 * restart resumes each query after the last window a scrape carried away, so a window the exporter
 * had fetched but nobody scraped before a crash is fetched again, and none is counted twice.
 *
 * <p>The file is replaced before the scrape's body is sent: a crash between the two can lose at
 * most the windows of that one body, never count one twice.
 */
public final class Deliveries {
  private static final Log LOG = Log.of(Deliveries.class);

  private final Optional<CursorFile> file;
  private final Map<String, Cursor> delivered = new HashMap<>();
  private Set<String> queries = Set.of();
  private boolean failing;

  private Deliveries(Optional<CursorFile> file, Map<String, Cursor> saved) {
    this.file = file;
    this.delivered.putAll(saved);
  }

  /** Without storage: nothing is kept. */
  public static Deliveries inMemory() {
    return new Deliveries(Optional.empty(), Map.of());
  }

  /** With storage: the saved cursors are read now. */
  public static Deliveries stored(CursorFile file) {
    return new Deliveries(Optional.of(file), file.load());
  }

  /** The cursor saved for {@code query}, if it was delivered by this or an earlier process. */
  public synchronized Optional<Cursor> saved(String query) {
    return Optional.ofNullable(delivered.get(query));
  }

  /** The queries the running config has; cursors of others are dropped at the next write. */
  public synchronized void retain(Set<String> names) {
    queries = Set.copyOf(names);
  }

  /**
   * Says, as the process stops, what a restart will find: cursors are written when a scrape carries
   * windows away, so there is nothing left to write now.
   */
  public synchronized void stopped() {
    if (file.isEmpty()) {
      LOG.info(
          "no --storage.path: window cursors are not kept; a restart starts every query fresh");
    } else if (failing) {
      LOG.warn(
          "window cursors on disk are behind: the last save failed", "file", file.get().path());
    } else {
      long kept = delivered.keySet().stream().filter(queries::contains).count();
      LOG.info(
          "window cursors are on disk as of the last scrape",
          "file",
          file.get().path(),
          "queries",
          kept);
    }
  }

  /** Records that a scrape is about to carry {@code cursors} away; persists any that advanced. */
  public synchronized void delivering(Map<String, Cursor> cursors) {
    boolean changed = false;
    for (Map.Entry<String, Cursor> e : cursors.entrySet()) {
      Cursor before = delivered.get(e.getKey());
      Cursor now = e.getValue();
      if (before == null
          || !before.fingerprint().equals(now.fingerprint())
          || now.windowEnd().isAfter(before.windowEnd())) {
        delivered.put(e.getKey(), now);
        changed = true;
      }
    }
    if (!changed || file.isEmpty()) {
      return;
    }
    Map<String, Cursor> kept = new HashMap<>(delivered);
    kept.keySet().retainAll(queries);
    try {
      file.get().write(kept);
      if (failing) {
        LOG.info("window cursors saved again", "file", file.get().path());
        failing = false;
      }
    } catch (IOException e) {
      if (!failing) {
        LOG.warn(
            "cannot save window cursors; a restart would lose the windows since the last save",
            "file",
            file.get().path(),
            "err",
            e.toString());
        failing = true;
      }
    }
  }
}
