package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.Schedule;
import io.statsbridge.log.Log;
import io.statsbridge.source.Batch;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.store.QueryResults;
import io.statsbridge.store.Rendered;
import io.statsbridge.store.ResultStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * Polls one query: plans the window, fetches with retries, updates the store and the status.
 * Exactly one poll runs at a time ({@link #tryStart}); errors end here, counted, and never escape
 * to the scheduler.
 */
public final class QueryRunner {
  private static final Log LOG = Log.of(QueryRunner.class);

  /**
   * What survives a config reload when the query did not change, with the lock that keeps the old
   * runner's last poll (possibly still finishing) and the new runner's polls apart.
   */
  public static final class State {
    private final ReentrantLock lock = new ReentrantLock();
    private Optional<Instant> lastTo = Optional.empty();
    private final QueryResults results;
    private final Map<Outcome, Long> polls = QueryStatus.zeroPolls();
    private double skippedSeconds;
    private Optional<Instant> lastSuccess = Optional.empty();

    public State(String query) {
      this.results = new QueryResults(query);
    }
  }

  private final QueryConfig query;
  private final String sourceType;
  private final SourceQuery source;
  private final ResultStore store;
  private final Clock clock;
  private final Retrier retrier;
  private final State state;
  private final Duration offset;
  private final AtomicBoolean busy = new AtomicBoolean();

  // Guarded by "this"; published through status(). Lock order: this, then state.
  private Optional<Outcome> lastOutcome = Optional.empty();
  private String lastError = "";
  private Duration lastDuration = Duration.ZERO;
  private int rows;
  private boolean truncated;
  private Optional<Instant> nextPoll = Optional.empty();

  QueryRunner(
      QueryConfig query,
      String sourceType,
      SourceQuery source,
      ResultStore store,
      Clock clock,
      Retrier retrier,
      State state) {
    this.query = query;
    this.sourceType = sourceType;
    this.source = source;
    this.store = store;
    this.clock = clock;
    this.retrier = retrier;
    this.state = state;
    this.offset = offsetOf(query.name(), query.schedule().interval());
  }

  public QueryConfig config() {
    return query;
  }

  public State state() {
    return state;
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

  boolean tryStart() {
    return busy.compareAndSet(false, true);
  }

  void finish() {
    busy.set(false);
  }

  synchronized void scheduled(Instant next) {
    nextPoll = Optional.of(next);
  }

  /** A tick found the previous poll still running (or no worker free): counted, not queued. */
  void skipped(String why) {
    synchronized (state) {
      state.polls.merge(Outcome.SKIPPED, 1L, Long::sum);
    }
    LOG.warn("poll skipped", "query", query.name(), "reason", why);
  }

  /** One poll, synchronously. */
  public void poll() {
    state.lock.lock();
    try {
      pollLocked();
    } finally {
      state.lock.unlock();
    }
  }

  private void pollLocked() {
    Schedule s = query.schedule();
    Instant start = clock.instant();
    WindowPlanner.Plan plan =
        WindowPlanner.plan(start, state.lastTo, s.interval(), s.delay(), s.maxWindow());
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
    if (plan.window().isEmpty()) {
      // Nothing new upstream yet (e.g. a poll right after a reload): counted, but the last
      // real outcome, rows and data freshness stand.
      evictCounters(start);
      synchronized (state) {
        state.polls.merge(Outcome.SKIPPED, 1L, Long::sum);
      }
      return;
    }
    try {
      Batch batch =
          retrier.fetch(
              query.name(), source, plan.window().get(), s.timeout(), start.plus(s.interval()));
      Instant now = clock.instant();
      state.results.evict(now, s.seriesTtl());
      QueryResults.Update update = state.results.apply(batch, now, s.newSeriesDelay());
      state.lastTo = Optional.of(plan.window().get().to());
      store.putGauges(query.name(), update.gauges(), s.gaugeTtl());
      store.putCounters(query.name(), update.counters());
      if (batch.truncated()) {
        LOG.warn(
            "result probably truncated: rows reached limit; narrow the query or raise limit",
            "query",
            query.name(),
            "rows",
            batch.rowCount());
      }
      synchronized (state) {
        state.lastSuccess = Optional.of(now);
      }
      record(Outcome.SUCCESS, "", start, update.rows(), batch.truncated(), plan.skipped());
    } catch (SourceException e) {
      Outcome outcome = Outcome.of(e.kind());
      LOG.warn(
          "poll failed", "query", query.name(), "outcome", outcome.label(), "err", e.getMessage());
      evictCounters(clock.instant());
      record(outcome, e.getMessage(), start, rows, truncated, plan.skipped());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      record(Outcome.ERROR, "interrupted (shutting down)", start, rows, truncated, plan.skipped());
    } catch (RuntimeException e) {
      // A bug of ours must not kill the scheduler or the process: count it like an upstream error.
      LOG.error("poll failed unexpectedly", "query", query.name(), "err", e.toString());
      record(Outcome.ERROR, "internal error: " + e, start, rows, truncated, plan.skipped());
    }
  }

  /** Adds held-back first windows, unless a poll is running (which adds them itself). */
  public void commitPending() {
    if (!state.lock.tryLock()) {
      return;
    }
    try {
      state.results.commitDue(clock.instant()).ifPresent(r -> store.putCounters(query.name(), r));
    } finally {
      state.lock.unlock();
    }
  }

  public boolean hasPending() {
    return state.results.hasPending();
  }

  /** Housekeeping on every poll, failed ones included: due first windows in, stale series out. */
  private void evictCounters(Instant now) {
    Optional<Rendered> committed = state.results.commitDue(now);
    Optional<Rendered> evicted = state.results.evict(now, query.schedule().seriesTtl());
    evicted.or(() -> committed).ifPresent(r -> store.putCounters(query.name(), r));
  }

  private synchronized void record(
      Outcome outcome, String error, Instant start, int rows, boolean truncated, Duration skipped) {
    synchronized (state) {
      state.polls.merge(outcome, 1L, Long::sum);
      state.skippedSeconds += skipped.toMillis() / 1000.0;
    }
    lastOutcome = Optional.of(outcome);
    lastError = error;
    lastDuration = Duration.between(start, clock.instant());
    this.rows = rows;
    this.truncated = truncated;
  }

  public synchronized QueryStatus status() {
    Map<Outcome, Long> polls;
    double skippedSeconds;
    Optional<Instant> lastSuccess;
    synchronized (state) {
      polls = new EnumMap<>(state.polls);
      skippedSeconds = state.skippedSeconds;
      lastSuccess = state.lastSuccess;
    }
    return new QueryStatus(
        query.name(),
        query.source(),
        sourceType,
        query.schedule().interval(),
        lastOutcome,
        lastError,
        lastSuccess,
        lastDuration,
        rows,
        truncated,
        nextPoll,
        polls,
        skippedSeconds);
  }
}
