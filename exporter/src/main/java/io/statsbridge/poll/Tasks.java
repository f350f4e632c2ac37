package io.statsbridge.poll;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * How the scheduler runs things: a timer for ticks and a bounded pool for polls. Injected, so that
 * scheduler tests run on fake time instead of the wall clock.
 */
public interface Tasks extends AutoCloseable {
  /** Runs {@code task} on the timer after {@code delay}; does nothing once closed. */
  void schedule(Runnable task, Duration delay);

  /**
   * Runs {@code task} on a worker.
   *
   * @throws RejectedExecutionException when no worker is free, or once closed
   */
  void submit(Runnable task);

  /** Stops the timer and the workers without waiting for running tasks. */
  @Override
  void close();
}
