package io.statsbridge.store;

import io.statsbridge.log.Log;
import io.statsbridge.status.StorageStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The windows Prometheus has received, per query: the cursor of the counters a scrape carried away.
 * With {@code --storage.path} a window reaches Prometheus only once its cursor is on disk: the
 * cursors are written before the scrape's body is made, and if the write fails the scrape carries
 * each query's counters as they were at the last saved cursor. A restart then fetches the unsaved
 * windows again and counts them once; had they been served, it would count them twice. Thread-safe;
 * a scrape that delivers holds the lock while it writes.
 */
public final class Deliveries implements AutoCloseable {
  private static final Log LOG = Log.of(Deliveries.class);

  /** While writes fail, one log line per this long, not one per scrape. */
  static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);

  private final Optional<CursorFile> file;
  private final Clock clock;
  private final Map<String, Cursor> delivered = new HashMap<>();

  /** Per query, the counters last carried away with their cursor on disk. */
  private final Map<String, Counters> durable = new HashMap<>();

  private Set<String> queries = Set.of();
  private volatile StorageStatus status;
  private Instant lastFailureLog = Instant.MIN;

  private Deliveries(Optional<CursorFile> file, Map<String, Cursor> saved, Clock clock) {
    this.file = file;
    this.clock = clock;
    this.delivered.putAll(saved);
    this.status =
        file.isPresent() ? new StorageStatus(true, 0, Optional.empty()) : StorageStatus.OFF;
  }

  /** Without storage: nothing is kept. */
  public static Deliveries inMemory() {
    return new Deliveries(Optional.empty(), Map.of(), Clock.systemUTC());
  }

  /** With storage: the saved cursors are read now. */
  public static Deliveries stored(CursorFile file, Clock clock) {
    return new Deliveries(Optional.of(file), file.load(), clock);
  }

  /** The cursor saved for {@code query}, if it was delivered by this or an earlier process. */
  public synchronized Optional<Cursor> saved(String query) {
    return Optional.ofNullable(delivered.get(query));
  }

  public StorageStatus status() {
    return status;
  }

  /** The queries the running config has; cursors of others are dropped at the next write. */
  public synchronized void retain(Set<String> names) {
    queries = Set.copyOf(names);
    durable.keySet().retainAll(queries);
  }

  /**
   * What a scrape that hands windows to Prometheus may carry: {@code counters} (per query) once
   * their cursors are on disk; where the write fails, the counters last carried with a saved cursor
   * (none, if there are none of this config's).
   */
  public synchronized Map<String, Counters> deliver(Map<String, Counters> counters) {
    Map<String, Cursor> advanced = new LinkedHashMap<>();
    for (Map.Entry<String, Counters> e : counters.entrySet()) {
      Optional<Cursor> cursor = e.getValue().cursor();
      if (cursor.isPresent() && advances(delivered.get(e.getKey()), cursor.get())) {
        advanced.put(e.getKey(), cursor.get());
      }
    }
    if (advanced.isEmpty() || save(advanced)) {
      delivered.putAll(advanced);
      advanced.keySet().forEach(q -> durable.put(q, counters.get(q)));
      return counters;
    }
    Map<String, Counters> held = new LinkedHashMap<>(counters);
    for (String query : advanced.keySet()) {
      Counters last = durable.get(query);
      boolean sameConfig =
          last != null
              && last.cursor()
                  .map(Cursor::fingerprint)
                  .equals(Optional.of(advanced.get(query).fingerprint()));
      held.put(query, sameConfig ? last : Counters.EMPTY);
    }
    return held;
  }

  private static boolean advances(Cursor before, Cursor now) {
    return before == null
        || !before.fingerprint().equals(now.fingerprint())
        || now.windowEnd().isAfter(before.windowEnd());
  }

  /** Writes every cursor with {@code advanced}; false, loudly, when the write fails. */
  private boolean save(Map<String, Cursor> advanced) {
    if (file.isEmpty()) {
      return true;
    }
    Map<String, Cursor> all = new HashMap<>(delivered);
    all.putAll(advanced);
    all.keySet().retainAll(queries);
    try {
      file.get().write(all);
      if (status.failing()) {
        LOG.info("window cursors saved again", "file", file.get().path());
      }
      status = new StorageStatus(true, status.failures(), Optional.empty());
      return true;
    } catch (IOException e) {
      String why = e.toString();
      status = new StorageStatus(true, status.failures() + 1, Optional.of(why));
      Instant now = clock.instant();
      if (!now.isBefore(lastFailureLog.plus(FAILURE_LOG_EVERY))) {
        lastFailureLog = now;
        LOG.warn(
            "cannot save window cursors; scrapes carry no window past the last saved cursor"
                + " until a write succeeds",
            "file",
            file.get().path(),
            "failures",
            status.failures(),
            "err",
            why);
      }
      return false;
    }
  }

  /**
   * Says, as the process stops, what a restart will find: cursors are written when a scrape carries
   * windows away, so there is nothing left to write now.
   */
  public synchronized void stopped() {
    if (file.isEmpty()) {
      LOG.info(
          "no --storage.path: window cursors are not kept; a restart starts every query fresh");
    } else if (status.failing()) {
      LOG.warn(
          "window cursors on disk are behind: the last save failed; a restart fetches the"
              + " windows since again",
          "file",
          file.get().path());
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

  /** Lets go of the storage folder's lock. */
  @Override
  public void close() {
    file.ifPresent(CursorFile::close);
  }
}
