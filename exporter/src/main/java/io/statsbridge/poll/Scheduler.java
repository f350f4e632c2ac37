package io.statsbridge.poll;

import io.statsbridge.log.Fatal;
import io.statsbridge.log.Log;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fires each query on its own aligned schedule: a timer decides when, a bounded worker pool does
 * the polling. A query whose previous poll still runs is skipped (and counted), never queued, so
 * one hanging upstream occupies at most one worker per query and delays nothing else. The timer
 * never waits for a query: counting a skipped tick takes no lock, and polls and commits run on the
 * workers. A tick that fails is counted as an error and the query stays scheduled: nothing ends a
 * schedule but {@link #close}.
 */
public final class Scheduler implements AutoCloseable {
  private static final Log LOG = Log.of(Scheduler.class);

  private final List<QueryRunner> runners;
  private final Clock clock;
  private final Tasks tasks;
  private final Fatal fatal;
  private volatile boolean closed;
  private final AtomicBoolean started = new AtomicBoolean();
  private final Map<QueryRunner, Instant> commits = new ConcurrentHashMap<>();

  /** Failed polls in a row of queries that have not succeeded yet. */
  private final Map<QueryRunner, Integer> failuresBeforeFirstSuccess = new ConcurrentHashMap<>();

  /**
   * The first retry of a query that has not succeeded yet, doubled after each failure up to its
   * interval: a person who just fixed a key sees it work within seconds, not at the next tick.
   */
  static final Duration FIRST_RETRY = Duration.ofSeconds(15);

  /**
   * @param fatal told about JVM errors (out of memory …) after they are counted
   */
  public Scheduler(List<QueryRunner> runners, Clock clock, Tasks tasks, Fatal fatal) {
    this.runners = List.copyOf(runners);
    this.clock = clock;
    this.tasks = tasks;
    this.fatal = fatal;
  }

  public List<QueryRunner> runners() {
    return runners;
  }

  /**
   * Starts every query's schedule; a second call does nothing. A query with a closed window it has
   * not fetched (a new query, or one whose poll a reload cut short) polls at once; one carried over
   * up to date waits for its next tick, so a reload changes nothing it does not have to.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    Instant now = clock.instant();
    for (QueryRunner runner : runners) {
      runner.nextDue().ifPresent(due -> commitAt(runner, due));
      if (runner.windowDue(now)) {
        // Skip a tick that would come before this poll is half through: the poll covers it.
        Duration half = runner.config().schedule().interval().dividedBy(2);
        Instant next = runner.nextPollAfter(now.plus(half));
        tasks.schedule(() -> tick(runner, now, next), Duration.ZERO);
      } else {
        Instant next = runner.nextPollAfter(now);
        runner.startedUpToDate();
        runner.scheduled(next);
        at(next, () -> tick(runner, next, runner.nextPollAfter(next)));
      }
    }
  }

  /**
   * @param due when this tick was meant to fire
   * @param next when the following tick fires: this tick's poll must be over by then
   */
  private void tick(QueryRunner runner, Instant due, Instant next) {
    if (closed) {
      return;
    }
    Instant following = next;
    boolean started = false;
    boolean submitted = false;
    try {
      runner.scheduled(next);
      started = runner.tryStart();
      if (!started) {
        runner.skipped("previous poll still running");
      } else {
        Instant deadline =
            PollTimes.deadlineBefore(due, next, runner.config().schedule().interval());
        try {
          tasks.submit(() -> run(runner, due, deadline));
          submitted = true;
        } catch (RejectedExecutionException e) {
          if (!closed) {
            runner.skipped("no poll worker free");
          }
        }
      }
      following = runner.nextPollAfter(next);
    } catch (RuntimeException | Error e) {
      runner.schedulerFailed("scheduler: " + e);
      following = next.plus(runner.config().schedule().interval());
      if (e instanceof VirtualMachineError jvm) {
        fatal.handle(jvm);
      }
    } finally {
      if (started && !submitted) {
        runner.finish();
      }
      Instant after = following;
      at(next, () -> tick(runner, next, after));
    }
  }

  private void run(QueryRunner runner, Instant due, Instant deadline) {
    try {
      runner.poll(due, deadline);
    } catch (RuntimeException | Error e) {
      // Counted by the runner already; the worker thread lives on, unless the JVM cannot.
      LOG.error("poll ended abnormally", "query", runner.config().name(), "err", e.toString());
      if (e instanceof VirtualMachineError jvm) {
        fatal.handle(jvm);
      }
    } finally {
      runner.finish();
    }
    runner.nextDue().ifPresent(held -> commitAt(runner, held));
    retrySoonIfNeverSucceeded(runner);
  }

  /**
   * A query whose polls have all failed (a wrong key, a firewall being opened) is tried again after
   * {@link #FIRST_RETRY}, then twice as long each time, while that comes well before its next tick.
   * Rate-limited polls wait for their tick. A retry plans its window as any poll does.
   */
  private void retrySoonIfNeverSucceeded(QueryRunner runner) {
    QueryStatus status = runner.status();
    boolean failed =
        status.lastOutcome().map(o -> o == Outcome.ERROR || o == Outcome.TIMEOUT).orElse(false);
    if (status.lastSuccess().isPresent() || !failed) {
      failuresBeforeFirstSuccess.remove(runner);
      return;
    }
    int failures = failuresBeforeFirstSuccess.merge(runner, 1, Integer::sum);
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
    Instant now = clock.instant();
    Instant retry = now.plus(wait);
    if (retry.plus(FIRST_RETRY).isBefore(nextTick(runner, now))) {
      LOG.info(
          "query has not succeeded yet; trying again soon",
          "query",
          runner.config().name(),
          "in",
          wait);
      at(retry, () -> retry(runner));
    }
  }

  /** The runner's next scheduled tick (start may skip one that comes too soon). */
  private static Instant nextTick(QueryRunner runner, Instant now) {
    return runner
        .status()
        .nextPoll()
        .filter(now::isBefore)
        .orElseGet(() -> runner.nextPollAfter(now));
  }

  private void retry(QueryRunner runner) {
    if (closed || !runner.tryStart()) {
      return; // a tick's poll runs already
    }
    Instant now = clock.instant();
    Instant deadline =
        PollTimes.deadlineBefore(now, nextTick(runner, now), runner.config().schedule().interval());
    try {
      tasks.submit(() -> run(runner, now, deadline));
    } catch (RejectedExecutionException e) {
      runner.finish(); // the tick comes anyway
    }
  }

  /**
   * Adds held windows when they come due, and again if more are held then; at most one commit per
   * query is waiting at any time.
   */
  private void commitAt(QueryRunner runner, Instant due) {
    Instant before = commits.get(runner);
    if (closed
        || (before != null && !before.isAfter(due))
        || !(before == null
            ? commits.putIfAbsent(runner, due) == null
            : commits.replace(runner, before, due))) {
      return; // a commit no later than this one is waiting, and it reschedules itself
    }
    at(
        due,
        () -> {
          commits.remove(runner, due);
          try {
            tasks.submit(
                () -> {
                  runner.commitPending();
                  runner.nextDue().ifPresent(next -> commitAt(runner, next));
                });
          } catch (RejectedExecutionException e) {
            // The next poll commits them instead.
          }
        });
  }

  private void at(Instant when, Runnable task) {
    if (!closed) {
      tasks.schedule(task, Duration.between(clock.instant(), when));
    }
  }

  /** Stops ticking and aborts polls in flight; does not wait for them. */
  @Override
  public void close() {
    closed = true;
    tasks.close();
    runners.forEach(QueryRunner::retire);
  }
}
