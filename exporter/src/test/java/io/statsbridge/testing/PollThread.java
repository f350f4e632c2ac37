package io.statsbridge.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.statsbridge.pacing.ScrapesFirst;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A poll's thread, as {@link ScrapesFirst} sees it: checkpoints once, works {@code worked} ms on
 * the test's ticker, does {@code meanwhile}, then checkpoints again. Whether it stands aside is
 * read from its state (parked) and from when it returns.
 */
public final class PollThread {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Duration LONG = Duration.ofSeconds(10);

  private final CompletableFuture<Long> returnedAt = new CompletableFuture<>();
  private final Thread thread;

  public PollThread(ScrapesFirst scrapes, AtomicLong ticker, long worked, Runnable meanwhile) {
    CompletableFuture<Void> baseline = new CompletableFuture<>();
    thread =
        new Thread(
            () -> {
              scrapes.stepAside();
              baseline.complete(null);
              ticker.addAndGet(worked * MS);
              meanwhile.run();
              scrapes.stepAside();
              returnedAt.complete(ticker.get());
            },
            "test-poll");
    thread.start();
    baseline.join();
  }

  public PollThread(ScrapesFirst scrapes, AtomicLong ticker, long worked) {
    this(scrapes, ticker, worked, () -> {});
  }

  public void awaitStandingAside() throws InterruptedException {
    Await.until(
        "the poll thread to stand aside",
        LONG,
        () -> thread.getState() == Thread.State.TIMED_WAITING || returnedAt.isDone());
    assertFalse(returnedAt.isDone(), "the poll thread went on while a scrape was answered");
  }

  /** The ticker when the second checkpoint returned. */
  public long awaitReturn() {
    return returnedAt.orTimeout(LONG.toSeconds(), TimeUnit.SECONDS).join();
  }
}
