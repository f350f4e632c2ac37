package io.statsbridge.poll;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real {@link Tasks}: one timer thread and a fixed pool of poll workers with a short queue. */
public final class ThreadTasks implements Tasks {
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;

  /**
   * @param queue how many polls may wait for a worker; more are rejected (and counted as skipped)
   */
  public ThreadTasks(int workerCount, int queue) {
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("statsbridge-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queue)),
            daemon("statsbridge-poll"));
    this.workers.allowCoreThreadTimeOut(true);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    try {
      timer.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: nothing more to run
    }
  }

  @Override
  public void submit(Runnable task) {
    workers.execute(task);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
