package io.statsbridge.web;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Reloads run on a thread of their own, one at a time, in the order asked: {@code POST /-/reload}
 * and SIGHUP wait for their turn without holding an HTTP thread while polls wind down.
 */
public final class Reloads implements AutoCloseable {
  private final Supplier<List<String>> reload;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "statsbridge-reload");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param reload loads the config again; returns the problems, empty on success
   */
  public Reloads(Supplier<List<String>> reload) {
    this.reload = reload;
  }

  /** Queues a reload; the future completes with its problems (empty: reloaded). */
  public CompletableFuture<List<String>> request() {
    return CompletableFuture.supplyAsync(reload, thread);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
