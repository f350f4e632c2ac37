package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.source.Window;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.ResultStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Every write of one query's results and status, made under the query's lock and only while {@code
 * owner} owns the query. A commit renders once: whatever it changed (a window added, held windows
 * due, series evicted) reaches the store as one rendering of the counters.
 */
final class QueryCommits {
  private final QueryConfig query;
  private final QueryState state;
  private final ResultStore store;
  private final Clock clock;
  private final Object owner;

  QueryCommits(QueryConfig query, QueryState state, ResultStore store, Clock clock, Object owner) {
    this.query = query;
    this.state = state;
    this.store = store;
    this.clock = clock;
    this.owner = owner;
  }

  /** What a poll plans from: the window to fetch, and the cursor it was planned against. */
  record Plan(WindowPlanner.Plan plan, Optional<Instant> basis) {}

  Plan plan(Instant now) {
    var s = query.schedule();
    return state.ownership.read(
        () ->
            new Plan(
                WindowPlanner.plan(
                    now, state.lastTo, s.interval(), s.delay(), s.maxWindow(), s.granularity()),
                state.lastTo));
  }

  /**
   * Publishes the batch of {@code window}: false, and nothing written, if another runner owns the
   * query now or committed since the plan (its window is then fetched again by the owner).
   */
  boolean publish(
      Batch batch, Window window, Plan planned, Instant start, Remarks remarks, Duration skipped) {
    var s = query.schedule();
    return state.ownership.write(
        owner,
        () -> {
          if (!state.lastTo.equals(planned.basis())) {
            return false;
          }
          Instant now = clock.instant();
          state.results.evict(now, s.seriesTtl());
          QueryResults.Update update =
              state.results.apply(batch, window.to(), now, s.newSeriesDelay());
          state.lastTo = Optional.of(window.to());
          store.putGauges(query.name(), update.gauges(), s.gaugeTtl());
          store.putCounters(query.name(), update.counters());
          state.ownership.count(Outcome.SUCCESS);
          state.history =
              state.history.succeeded(
                  now, Duration.between(start, now), update.rows(), remarks, skipped);
          return true;
        });
  }

  /**
   * Counts a failed poll (due windows and stale series are still looked after); false if retired.
   */
  boolean failed(Outcome outcome, String error, Instant start) {
    return state.ownership.write(
        owner,
        () -> {
          Instant now = clock.instant();
          housekeeping(now);
          state.ownership.count(outcome);
          state.history = state.history.failed(outcome, error, Duration.between(start, now));
          return true;
        });
  }

  /** Adds held windows that are due and evicts stale series, with no poll. */
  void housekeeping() {
    state.ownership.write(
        owner,
        () -> {
          housekeeping(clock.instant());
          return true;
        });
  }

  /** When the oldest held window is due, if any is held. */
  Optional<Instant> nextDue() {
    return state.ownership.read(state.results::nextDue);
  }

  /** Counts a poll that never started; takes no lock, so the scheduler's timer never waits. */
  boolean skipped() {
    if (!state.ownership.ownedBy(owner)) {
      return false;
    }
    state.ownership.count(Outcome.SKIPPED);
    return true;
  }

  /**
   * Counts an error around a poll (the scheduler's own) without waiting for the lock, as {@link
   * #skipped}; the status shows {@code error} unless a commit holds the lock at this moment.
   */
  boolean erred(String error) {
    if (!state.ownership.ownedBy(owner)) {
      return false;
    }
    state.ownership.count(Outcome.ERROR);
    state.ownership.tryWrite(
        owner,
        () -> {
          state.history = state.history.failed(Outcome.ERROR, error, Duration.ZERO);
          return true;
        });
    return true;
  }

  private void housekeeping(Instant now) {
    boolean due = state.results.commitDue(now);
    boolean evicted = state.results.evict(now, query.schedule().seriesTtl());
    if (due || evicted) {
      store.putCounters(query.name(), state.results.counters());
    }
  }
}
