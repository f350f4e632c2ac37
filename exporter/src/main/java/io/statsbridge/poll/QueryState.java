package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.Renderer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What survives a config reload of one query: its window cursor, counters and status when what it
 * fetches is unchanged (same fingerprint), and in any case its lock, its owner and its poll counts.
 * Every write happens under the lock and only by the owner, and the owner changes under the same
 * lock, so a runner retired by a reload can never publish again, not even from a commit that was
 * half done when the reload came: the new owner waits for that commit to end.
 */
public final class QueryState {
  /** The lock, the current owner and the poll counts, shared by every state a query name has. */
  static final class Ownership {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Object owner;

    /**
     * Polls by outcome: Prometheus counters, so they go on across reloads. Counted without the
     * lock, so that the scheduler's timer never waits for a query (a skipped tick).
     */
    private final Map<Outcome, LongAdder> polls;

    Ownership() {
      Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
      for (Outcome o : Outcome.values()) {
        counts.put(o, new LongAdder());
      }
      polls = Collections.unmodifiableMap(counts);
    }

    /** Makes {@code runner} the owner, once no commit of the previous owner is in progress. */
    void claim(Object runner) {
      lock.lock();
      try {
        owner = runner;
      } finally {
        lock.unlock();
      }
    }

    boolean ownedBy(Object runner) {
      return owner == runner;
    }

    /** Runs {@code write} under the lock if {@code runner} owns the query; false if it does not. */
    boolean write(Object runner, Supplier<Boolean> write) {
      lock.lock();
      try {
        return owner == runner && write.get();
      } finally {
        lock.unlock();
      }
    }

    /**
     * As {@link #write}, but only if the lock is free now: for the scheduler's timer, which must
     * never wait for a query. False if the lock was taken or {@code runner} does not own the query.
     */
    boolean tryWrite(Object runner, Supplier<Boolean> write) {
      if (!lock.tryLock()) {
        return false;
      }
      try {
        return owner == runner && write.get();
      } finally {
        lock.unlock();
      }
    }

    <T> T read(Supplier<T> read) {
      lock.lock();
      try {
        return read.get();
      } finally {
        lock.unlock();
      }
    }

    void count(Outcome outcome) {
      polls.get(outcome).increment();
    }

    Map<Outcome, Long> polls() {
      Map<Outcome, Long> out = new EnumMap<>(Outcome.class);
      polls.forEach((outcome, n) -> out.put(outcome, n.sum()));
      return out;
    }

    /** For tests: whether the calling thread is inside one of this query's locked blocks. */
    boolean heldByCurrentThread() {
      return lock.isHeldByCurrentThread();
    }
  }

  /** The status of the last poll, kept as one immutable value so readers never lock. */
  record History(
      Optional<Outcome> lastOutcome,
      String lastError,
      Duration lastDuration,
      int rows,
      Remarks remarks,
      Optional<Instant> lastSuccess,
      double skippedSeconds,
      long skippedRows) {
    static final History EMPTY =
        new History(Optional.empty(), "", Duration.ZERO, 0, Remarks.NONE, Optional.empty(), 0, 0);

    History succeeded(Instant at, Duration took, int rows, Remarks remarks, Duration skipped) {
      return new History(
          Optional.of(Outcome.SUCCESS),
          "",
          took,
          rows,
          remarks,
          Optional.of(at),
          skippedSeconds + skipped.toMillis() / 1000.0,
          skippedRows + remarks.skippedRows());
    }

    /** A failed poll keeps the last success's rows and data age. */
    History failed(Outcome outcome, String error, Duration took) {
      return new History(
          Optional.of(outcome),
          error,
          took,
          rows,
          remarks,
          lastSuccess,
          skippedSeconds,
          skippedRows);
    }

    /** A changed query starts over, but what its counters count (time and rows skipped) goes on. */
    History restarted() {
      return new History(
          EMPTY.lastOutcome,
          EMPTY.lastError,
          EMPTY.lastDuration,
          EMPTY.rows,
          EMPTY.remarks,
          EMPTY.lastSuccess,
          skippedSeconds,
          skippedRows);
    }
  }

  final Ownership ownership;
  final QueryResults results;
  // Guarded by ownership's lock.
  Optional<Instant> lastTo;
  volatile History history;

  private QueryState(
      Ownership ownership, QueryResults results, Optional<Instant> lastTo, History history) {
    this.ownership = ownership;
    this.results = results;
    this.lastTo = lastTo;
    this.history = history;
  }

  /** A query never polled before. */
  public static QueryState fresh(QueryConfig query, Renderer renderer) {
    return new QueryState(
        new Ownership(), results(query, renderer), Optional.empty(), History.EMPTY);
  }

  /**
   * A query never polled in this process, whose windows resume where a previous process delivered
   * them; its counters start from 0, and its first window is held like a new series'.
   */
  public static QueryState resuming(QueryConfig query, Instant windowEnd, Renderer renderer) {
    return new QueryState(
        new Ownership(), results(query, renderer), Optional.of(windowEnd), History.EMPTY);
  }

  /**
   * The state of the same query name after a change of what it fetches: new windows and counters,
   * the same lock, owner and poll counts.
   */
  public QueryState successor(QueryConfig query, Renderer renderer) {
    return new QueryState(
        ownership, results(query, renderer), Optional.empty(), history.restarted());
  }

  private static QueryResults results(QueryConfig query, Renderer renderer) {
    return new QueryResults(query.name(), query.labels(), query.fingerprint(), renderer);
  }
}
