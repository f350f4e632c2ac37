package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.Schedule;
import io.statsbridge.exposition.LabelSet;
import io.statsbridge.log.Log;
import io.statsbridge.log.Redactor;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.ResultStore;
import io.statsbridge.store.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls one query: plans the window, fetches it with retries and hands the result to {@link
 * QueryCommits}, which publishes it only while this runner owns the query and nobody committed
 * since the plan; a poll retired by a reload is dropped whole and its window fetched again by the
 * successor. The fetch holds no lock. Errors end here, counted, and never escape to the scheduler.
 */
public final class QueryRunner {
  private static final Log LOG = Log.of(QueryRunner.class);

  private final QueryConfig query;
  private final String sourceType;
  private final SourceQuery source;
  private final Clock clock;
  private final Retrier retrier;
  private final QueryState state;
  private final QueryCommits commits;
  private final Redactor redactor;
  private final Duration offset;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile Optional<Instant> nextPoll = Optional.empty();

  /** Whether the schedule began with nothing to fetch: a restart that resumed up to date. */
  private volatile boolean startedUpToDate;

  private volatile Deadline inFlight;

  QueryRunner(
      QueryConfig query,
      String sourceType,
      SourceQuery source,
      ResultStore store,
      Clock clock,
      Retrier retrier,
      QueryState state,
      Redactor redactor) {
    this.query = query;
    this.sourceType = sourceType;
    this.source = source;
    this.clock = clock;
    this.retrier = retrier;
    this.state = state;
    this.commits = new QueryCommits(query, state, store, clock, this);
    this.redactor = redactor;
    this.offset = PollTimes.offsetOf(query.name(), query.schedule().interval());
  }

  public QueryConfig config() {
    return query;
  }

  public QueryState state() {
    return state;
  }

  /**
   * Makes this runner the one that publishes the query. A commit of the previous owner that is in
   * progress ends first; after this returns, the previous owner writes nothing more.
   */
  public void claim() {
    state.ownership.claim(this);
  }

  /** Whether this runner publishes the query (it claimed it, and nobody claimed it since). */
  public boolean owns() {
    return state.ownership.ownedBy(this);
  }

  /** Aborts the poll in flight, if any; called once the runner is no longer scheduled. */
  public void retire() {
    Deadline d = inFlight;
    if (d != null) {
      d.cancel();
    }
  }

  /** The first tick strictly after {@code now}. */
  public Instant nextPollAfter(Instant now) {
    return PollTimes.nextAfter(now, query.schedule(), offset);
  }

  /** Whether a window has closed that the state has not fetched yet. */
  public boolean windowDue(Instant now) {
    return commits.plan(now).plan().window().isPresent();
  }

  boolean tryStart() {
    return busy.compareAndSet(false, true);
  }

  void finish() {
    busy.set(false);
  }

  void scheduled(Instant next) {
    nextPoll = Optional.of(next);
  }

  /** The schedule began with no window to fetch (the cursor was up to date). */
  void startedUpToDate() {
    startedUpToDate = true;
  }

  /**
   * Whether this query is ready to be scraped: it has finished a poll, or it resumed a cursor that
   * was up to date and has nothing to poll before its next window closes.
   */
  public boolean ready() {
    return startedUpToDate || state.history.lastOutcome().isPresent();
  }

  /** A tick found the previous poll still running (or no worker free): counted, not queued. */
  void skipped(String why) {
    if (commits.skipped()) {
      LOG.warn("poll skipped", "query", query.name(), "reason", why);
    }
  }

  /** The scheduler itself failed around this query's tick: counted as an error. */
  void schedulerFailed(String text) {
    String error = redactor.apply(text);
    commits.erred(error);
    LOG.error("poll failed unexpectedly", "query", query.name(), "err", error);
  }

  /** One poll, synchronously, to be over before the query's next tick. */
  public void poll() {
    Instant now = clock.instant();
    poll(now, PollTimes.deadlineBefore(now, nextPollAfter(now), query.schedule().interval()));
  }

  /**
   * One poll, synchronously, to be over by {@code deadline}.
   *
   * @param due when it was meant to start: a poll that starts much later (no worker was free) has
   *     less time than its timeout, and says so
   */
  void poll(Instant due, Instant deadline) {
    Schedule s = query.schedule();
    Instant start = clock.instant();
    QueryCommits.Plan planned = commits.plan(start);
    if (planned.plan().window().isEmpty()) {
      // Nothing new upstream yet (a poll right after a reload, say): no poll, no count; due
      // first windows and stale series are still looked after.
      commits.housekeeping();
      return;
    }
    warnIfLate(due, start, deadline);
    Window window = planned.plan().window().get();
    Deadline budget = Deadline.of(clock, deadline, s.timeout());
    inFlight = budget;
    try {
      Batch batch = retrier.fetch(query.name(), source, window, budget).capped(query.maxRows());
      refuseLabelClash(batch);
      publish(batch, window, planned, start);
    } catch (SourceException e) {
      failed(outcomeOf(e.kind()), e.getMessage(), start, "poll failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(Outcome.ERROR, "interrupted (shutting down)", start, "poll interrupted");
    } catch (RuntimeException | Error e) {
      // A bug of ours (or a resource running out) must not kill the scheduler: count it like an
      // upstream error, and leave the decision about the JVM's own errors to the caller.
      failed(Outcome.ERROR, "internal error: " + e, start, "poll failed unexpectedly");
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    } finally {
      inFlight = null;
    }
  }

  /**
   * A row label that is one of the query's static labels fails the poll: a series cannot carry a
   * name twice, and only the config can say which to keep. The config refuses the clashes it can
   * foresee; this is for the labels known only from the answer (Dynatrace v2's dimensions).
   */
  private void refuseLabelClash(Batch batch) throws SourceException {
    for (Table table : batch.tables()) {
      if (table.rows().isEmpty()) {
        continue;
      }
      Optional<LabelSet.Clash> clash = LabelSet.clash(query.labels().keySet(), table.labelKeys());
      if (clash.isPresent()) {
        throw new SourceException(
            SourceException.Kind.ERROR,
            "labels."
                + clash.get().name()
                + " is also a label of the upstream's rows (key \""
                + clash.get().upstreamKey()
                + "\"); rename it");
      }
    }
  }

  private void warnIfLate(Instant due, Instant start, Instant deadline) {
    Duration late = Duration.between(due, start);
    Duration timeout = query.schedule().timeout();
    Duration left = Duration.between(start, deadline);
    if (left.compareTo(timeout) < 0 && late.compareTo(timeout.minus(left)) >= 0) {
      LOG.warn(
          "poll started late; it has less time than its timeout",
          "query",
          query.name(),
          "late",
          late,
          "time_left",
          left);
    }
  }

  private void publish(Batch batch, Window window, QueryCommits.Plan planned, Instant start) {
    Remarks remarks = batch.remarks().rewritten(redactor::apply);
    Duration skipped = planned.plan().skipped();
    if (!commits.publish(batch, window, planned, start, remarks, skipped)) {
      LOG.debug("poll result dropped: the query was reloaded meanwhile", "query", query.name());
      return;
    }
    PublishedLog.log(
        query.name(), window, batch.rowCount(), remarks, skipped, query.schedule().maxWindow());
  }

  private void failed(Outcome outcome, String text, Instant start, String message) {
    String error = redactor.apply(text);
    if (commits.failed(outcome, error, start)) {
      LOG.warn(message, "query", query.name(), "outcome", outcome.label(), "err", error);
    }
  }

  /** Adds held windows that are due; the scheduler calls it when {@link #nextDue} comes. */
  public void commitPending() {
    commits.housekeeping();
  }

  /** When the oldest held window is due, if any is held. */
  public Optional<Instant> nextDue() {
    return commits.nextDue();
  }

  public QueryStatus status() {
    QueryState.History h = state.history;
    return new QueryStatus(
        query.name(),
        query.source(),
        sourceType,
        query.schedule().interval(),
        h.lastOutcome(),
        h.lastError(),
        h.lastSuccess(),
        h.lastDuration(),
        h.rows(),
        h.remarks(),
        nextPoll,
        state.ownership.polls(),
        h.skippedSeconds(),
        h.skippedRows());
  }

  /** The {@code outcome} label a failed fetch is counted under. */
  static Outcome outcomeOf(SourceException.Kind kind) {
    return switch (kind) {
      case ERROR, TRANSIENT -> Outcome.ERROR;
      case TIMEOUT -> Outcome.TIMEOUT;
      case RATE_LIMITED -> Outcome.RATE_LIMITED;
    };
  }
}
