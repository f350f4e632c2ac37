package io.statsbridge.poll;

import io.statsbridge.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fires each query on its own aligned schedule: one timer thread decides when, a bounded worker
 * pool does the polling. A query whose previous poll still runs is skipped (and counted), never
 * queued, so one hanging upstream occupies at most one worker per query and delays nothing else.
 */
public final class Scheduler implements AutoCloseable {
  private static final Log LOG = Log.of(Scheduler.class);

  private final List<QueryRunner> runners;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final ThreadPoolExecutor workers;
  private volatile boolean closed;
  private final AtomicBoolean started = new AtomicBoolean();

  public Scheduler(List<QueryRunner> runners, Clock clock, int workerCount) {
    this.runners = List.copyOf(runners);
    this.clock = clock;
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("statsbridge-timer"));
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, runners.size())),
            daemon("statsbridge-poll"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public List<QueryRunner> runners() {
    return runners;
  }

  /** Polls every query now, then on its schedule; a second call does nothing. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    for (QueryRunner runner : runners) {
      Instant now = clock.instant();
      timer.execute(() -> tick(runner, now));
    }
  }

  /**
   * @param due when this tick was meant to fire; timers may fire a little early, and planning the
   *     next tick from an early "now" would fire the same slot twice
   */
  private void tick(QueryRunner runner, Instant due) {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(due)) {
      now = due;
    }
    if (runner.tryStart()) {
      try {
        workers.execute(() -> run(runner));
      } catch (RejectedExecutionException e) {
        runner.finish();
        if (!closed) {
          runner.skipped("no poll worker free");
        }
      }
    } else {
      runner.skipped("previous poll still running");
    }
    Instant next = runner.nextPollAfter(now);
    runner.scheduled(next);
    schedule(() -> tick(runner, next), next);
  }

  private void run(QueryRunner runner) {
    try {
      runner.poll();
    } finally {
      runner.finish();
    }
    if (runner.hasPending()) {
      Duration delay = runner.config().schedule().newSeriesDelay();
      schedule(() -> submitCommit(runner), clock.instant().plus(delay));
    }
  }

  private void submitCommit(QueryRunner runner) {
    try {
      workers.execute(runner::commitPending);
    } catch (RejectedExecutionException e) {
      // The next poll commits it instead.
    }
  }

  private void schedule(Runnable task, Instant at) {
    if (closed) {
      return;
    }
    long ms = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    try {
      timer.schedule(task, ms, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        LOG.error("cannot schedule", "err", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
