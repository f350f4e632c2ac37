package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.Schedule;
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
import io.statsbridge.store.Counters;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.ResultStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Polls one query: plans the window, fetches with retries, and commits the result to its {@link
 * QueryState} and the store. The fetch runs without a lock; the commit takes the state's lock and
 * happens only if this runner still owns the state and nobody committed since the window was
 * planned, so a poll retired by a reload is dropped whole and its window fetched again by the
 * successor. Errors end here, counted, and never escape to the scheduler.
 */
public final class QueryRunner {
  private static final Log LOG = Log.of(QueryRunner.class);

  private final QueryConfig query;
  private final String sourceType;
  private final SourceQuery source;
  private final ResultStore store;
  private final Clock clock;
  private final Retrier retrier;
  private final QueryState state;
  private final Redactor redactor;
  private final Duration offset;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile Optional<Instant> nextPoll = Optional.empty();
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
    this.store = store;
    this.clock = clock;
    this.retrier = retrier;
    this.state = state;
    this.redactor = redactor;
    this.offset = offsetOf(query.name(), query.schedule().interval());
  }

  public QueryConfig config() {
    return query;
  }

  public QueryState state() {
    return state;
  }

  /** Makes this runner the one that publishes the query; its predecessor's writes stop. */
  public void claim() {
    state.ownership.owner = this;
  }

  /** Whether this runner publishes the query (it claimed it, and nobody claimed it since). */
  public boolean owns() {
    return state.ownership.owner == this;
  }

  /** Aborts the poll in flight, if any; called once the runner is no longer scheduled. */
  public void retire() {
    Deadline d = inFlight;
    if (d != null) {
      d.cancel();
    }
  }

  /**
   * A stable per-query offset inside the interval (at most a minute), so that many queries with the
   * same interval do not all hit their upstream in the same second.
   */
  static Duration offsetOf(String name, Duration interval) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    long span = Math.min(interval.toMillis(), 60_000);
    return Duration.ofMillis(crc.getValue() % span);
  }

  /** The first aligned poll time strictly after {@code now}. */
  public Instant nextPollAfter(Instant now) {
    Schedule s = query.schedule();
    Instant base = WindowPlanner.alignDown(now.minus(s.delay()).minus(offset), s.interval());
    return base.plus(s.interval()).plus(s.delay()).plus(offset);
  }

  /**
   * When a poll that starts at {@code start} must be over: a little before the tick at {@code
   * next}, so that the tick never finds it still running.
   */
  static Instant deadlineBefore(Instant start, Instant next, Duration interval) {
    Duration margin = interval.dividedBy(10);
    if (margin.compareTo(Duration.ofSeconds(1)) > 0) {
      margin = Duration.ofSeconds(1);
    }
    Instant deadline = next.minus(margin);
    return deadline.isAfter(start) ? deadline : next;
  }

  /** Whether a window has closed that the state has not fetched yet. */
  public boolean windowDue(Instant now) {
    return locked(
        () -> {
          Schedule s = query.schedule();
          return WindowPlanner.plan(
                  now, state.lastTo, s.interval(), s.delay(), s.maxWindow(), s.granularity())
              .window()
              .isPresent();
        });
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

  /** A tick found the previous poll still running (or no worker free): counted, not queued. */
  void skipped(String why) {
    if (ifOwner(() -> state.history = state.history.counted(Outcome.SKIPPED))) {
      LOG.warn("poll skipped", "query", query.name(), "reason", why);
    }
  }

  /** The scheduler itself failed around this query's tick: counted as an error, like a poll's. */
  void failed(String text) {
    String error = redactor.apply(text);
    ifOwner(() -> state.history = state.history.failed(Outcome.ERROR, error, Duration.ZERO));
    LOG.error("poll failed unexpectedly", "query", query.name(), "err", error);
  }

  /** One poll, synchronously, to be over before the query's next tick. */
  public void poll() {
    Instant now = clock.instant();
    poll(deadlineBefore(now, nextPollAfter(now), query.schedule().interval()));
  }

  /** One poll, synchronously, to be over by {@code deadline}. */
  void poll(Instant deadline) {
    Schedule s = query.schedule();
    Instant start = clock.instant();
    record Planned(WindowPlanner.Plan plan, Optional<Instant> basis) {}
    Planned planned =
        locked(
            () ->
                new Planned(
                    WindowPlanner.plan(
                        start,
                        state.lastTo,
                        s.interval(),
                        s.delay(),
                        s.maxWindow(),
                        s.granularity()),
                    state.lastTo));
    if (planned.plan().window().isEmpty()) {
      // Nothing new upstream yet (a poll right after a reload, say): no poll, no count; due
      // first windows and stale series are still looked after.
      ifOwner(() -> housekeeping(start));
      return;
    }
    Window window = planned.plan().window().get();
    Deadline budget = Deadline.of(clock, deadline, s.timeout());
    inFlight = budget;
    try {
      Batch batch = retrier.fetch(query.name(), source, window, budget).capped(query.maxRows());
      committed(batch, planned.plan(), planned.basis(), start);
    } catch (SourceException e) {
      Outcome outcome = outcomeOf(e.kind());
      failed(outcome, e.getMessage(), start, "poll failed");
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

  private void committed(
      Batch batch, WindowPlanner.Plan plan, Optional<Instant> basis, Instant start) {
    Schedule s = query.schedule();
    Window window = plan.window().get();
    boolean published =
        write(
            () -> {
              if (!state.lastTo.equals(basis)) {
                return false; // another runner of this state committed since we planned
              }
              Instant now = clock.instant();
              state.results.evict(now, s.seriesTtl());
              QueryResults.Update update =
                  state.results.apply(batch, window.to(), now, s.newSeriesDelay());
              state.lastTo = Optional.of(window.to());
              store.putGauges(query.name(), update.gauges(), s.gaugeTtl());
              store.putCounters(query.name(), update.counters());
              state.history =
                  state.history.succeeded(
                      now,
                      Duration.between(start, now),
                      update.rows(),
                      batch.remarks().rewritten(redactor::apply),
                      plan.skipped());
              return true;
            });
    if (!published) {
      LOG.debug("poll result dropped: the query was reloaded meanwhile", "query", query.name());
      return;
    }
    if (!plan.skipped().isZero()) {
      LOG.warn(
          "gap longer than max_window skipped",
          "query",
          query.name(),
          "skipped",
          plan.skipped(),
          "max_window",
          s.maxWindow());
    }
    Remarks remarks = batch.remarks().rewritten(redactor::apply);
    remarks
        .truncation()
        .ifPresent(
            why ->
                LOG.warn(
                    "result probably truncated; narrow the query or raise its limits",
                    "query",
                    query.name(),
                    "rows",
                    batch.rowCount(),
                    "reason",
                    why));
    for (String warning : remarks.warnings()) {
      LOG.warn("upstream warning", "query", query.name(), "warning", warning);
    }
    if (remarks.noData()) {
      LOG.warn("the upstream had no data for the window", "query", query.name(), "window", window);
    }
  }

  private void failed(Outcome outcome, String text, Instant start, String message) {
    String error = redactor.apply(text);
    boolean counted =
        write(
            () -> {
              Instant now = clock.instant();
              housekeeping(now);
              state.history = state.history.failed(outcome, error, Duration.between(start, now));
              return true;
            });
    if (counted) {
      LOG.warn(message, "query", query.name(), "outcome", outcome.label(), "err", error);
    }
  }

  /** Adds held windows that are due; the scheduler calls it when {@link #nextDue} comes. */
  public void commitPending() {
    write(
        () -> {
          state.results.commitDue(clock.instant()).ifPresent(this::publishCounters);
          return true;
        });
  }

  /** When the oldest held window is due, if any is held. */
  public Optional<Instant> nextDue() {
    return locked(state.results::nextDue);
  }

  /** Due first windows in, stale series out; on every poll, failed ones included. */
  private void housekeeping(Instant now) {
    Optional<Counters> committed = state.results.commitDue(now);
    Optional<Counters> evicted = state.results.evict(now, query.schedule().seriesTtl());
    evicted.or(() -> committed).ifPresent(this::publishCounters);
  }

  private void publishCounters(Counters counters) {
    store.putCounters(query.name(), counters);
  }

  private boolean ifOwner(Runnable action) {
    return write(
        () -> {
          action.run();
          return true;
        });
  }

  /** Runs {@code action} under the state's lock if this runner owns the state. */
  private boolean write(Supplier<Boolean> action) {
    return locked(() -> owns() && action.get());
  }

  private <T> T locked(Supplier<T> action) {
    state.ownership.lock.lock();
    try {
      return action.get();
    } finally {
      state.ownership.lock.unlock();
    }
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
        h.polls(),
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
