package io.statsbridge.testing;

import io.statsbridge.poll.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link Tasks} on fake time: timer tasks run when the test moves the clock past them, workers run
 * inline on the test's thread. A test can make the next submits fail, as a pool out of threads
 * would.
 */
public final class ManualTasks implements Tasks {
  private record Timed(Instant at, long seq, Runnable task) {}

  private final MutableClock clock;
  private final PriorityQueue<Timed> timer =
      new PriorityQueue<>(
          (a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private final List<RuntimeException> submitFailures = new ArrayList<>();
  private final List<Error> submitErrors = new ArrayList<>();
  private long seq;
  private boolean closed;

  public ManualTasks(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    if (!closed) {
      timer.add(new Timed(clock.instant().plus(delay), seq++, task));
    }
  }

  @Override
  public void submit(Runnable task) {
    synchronized (this) {
      if (closed) {
        throw new RejectedExecutionException("closed");
      }
      if (!submitFailures.isEmpty()) {
        throw submitFailures.remove(0);
      }
      if (!submitErrors.isEmpty()) {
        throw submitErrors.remove(0);
      }
    }
    task.run();
  }

  /** The next submit throws {@code e}, as a broken pool would. */
  public synchronized void failNextSubmit(RuntimeException e) {
    submitFailures.add(e);
  }

  public synchronized void failNextSubmit(Error e) {
    submitErrors.add(e);
  }

  /** Moves the clock to {@code until}, running every timer task due on the way, in order. */
  public void runUntil(Instant until) {
    while (true) {
      Timed next;
      synchronized (this) {
        next = timer.peek();
        if (next == null || next.at.isAfter(until) || closed) {
          break;
        }
        timer.poll();
      }
      if (next.at.isAfter(clock.instant())) {
        clock.set(next.at);
      }
      next.task.run();
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
  }

  public void advance(Duration d) {
    runUntil(clock.instant().plus(d));
  }

  /** Timer tasks waiting, for tests that check nothing piles up. */
  public synchronized int pending() {
    return timer.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    timer.clear();
  }
}
