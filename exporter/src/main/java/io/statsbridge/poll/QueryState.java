package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.Renderer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What survives a config reload of one query: its window cursor, counters and status when what it
 * fetches is unchanged (same fingerprint), and in any case its lock and owner. Every write happens
 * under the lock and only by the owner, so a runner retired by a reload, whose poll may still be in
 * flight, can never publish after its successor.
 */
public final class QueryState {
  /** The lock and the current owner, shared by every state a query name ever has. */
  static final class Ownership {
    final ReentrantLock lock = new ReentrantLock();
    volatile Object owner;
  }

  /** The status of the last poll, kept as one immutable value so readers never lock. */
  record History(
      Optional<Outcome> lastOutcome,
      String lastError,
      Duration lastDuration,
      int rows,
      Remarks remarks,
      Optional<Instant> lastSuccess,
      Map<Outcome, Long> polls,
      double skippedSeconds,
      long skippedRows) {
    History {
      polls = Map.copyOf(polls);
    }

    static History empty() {
      Map<Outcome, Long> polls = new EnumMap<>(Outcome.class);
      for (Outcome o : Outcome.values()) {
        polls.put(o, 0L);
      }
      return new History(
          Optional.empty(), "", Duration.ZERO, 0, Remarks.NONE, Optional.empty(), polls, 0, 0);
    }

    History counted(Outcome outcome) {
      Map<Outcome, Long> next = new EnumMap<>(polls);
      next.merge(outcome, 1L, Long::sum);
      return new History(
          lastOutcome,
          lastError,
          lastDuration,
          rows,
          remarks,
          lastSuccess,
          next,
          skippedSeconds,
          skippedRows);
    }

    History succeeded(Instant at, Duration took, int rows, Remarks remarks, Duration skipped) {
      History c = counted(Outcome.SUCCESS);
      return new History(
          Optional.of(Outcome.SUCCESS),
          "",
          took,
          rows,
          remarks,
          Optional.of(at),
          c.polls,
          skippedSeconds + skipped.toMillis() / 1000.0,
          skippedRows + remarks.skippedRows());
    }

    /** A failed poll keeps the last success's rows and data age. */
    History failed(Outcome outcome, String error, Duration took) {
      History c = counted(outcome);
      return new History(
          Optional.of(outcome),
          error,
          took,
          rows,
          remarks,
          lastSuccess,
          c.polls,
          skippedSeconds,
          skippedRows);
    }

    /** A changed query starts over, but its poll counters (Prometheus counters) go on. */
    History restarted() {
      History fresh = empty();
      return new History(
          fresh.lastOutcome,
          fresh.lastError,
          fresh.lastDuration,
          fresh.rows,
          fresh.remarks,
          fresh.lastSuccess,
          polls,
          skippedSeconds,
          skippedRows);
    }
  }

  final Ownership ownership;
  final QueryResults results;
  // Guarded by ownership.lock.
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
        new Ownership(), results(query, renderer), Optional.empty(), History.empty());
  }

  /**
   * A query never polled in this process, whose windows resume where a previous process delivered
   * them; its counters start from 0, and its first window is held like a new series'.
   */
  public static QueryState resuming(QueryConfig query, Instant windowEnd, Renderer renderer) {
    return new QueryState(
        new Ownership(), results(query, renderer), Optional.of(windowEnd), History.empty());
  }

  /**
   * The state of the same query name after a change of what it fetches: new windows and counters,
   * the same lock and owner, and its poll counters.
   */
  public QueryState successor(QueryConfig query, Renderer renderer) {
    return new QueryState(
        ownership, results(query, renderer), Optional.empty(), history.restarted());
  }

  private static QueryResults results(QueryConfig query, Renderer renderer) {
    return new QueryResults(query.name(), query.fingerprint(), renderer);
  }

  /** Whether the query's data is published by some runner and its store entries are live. */
  boolean polled() {
    return history.lastOutcome().isPresent();
  }
}
