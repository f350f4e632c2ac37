package io.statsbridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code scrapers} clients scraping one URL back to back, each on its own kept-alive connection,
 * until together they have made {@code count} scrapes or the time budget is spent (a scrape begun
 * inside the budget is finished and counted). Every scrape's time is recorded, from the request's
 * first byte to the body's last.
 */
final class ScrapeLoad {
  private ScrapeLoad() {}

  static long[] run(int port, String path, boolean gzip, int scrapers, int count, Duration budget)
      throws Exception {
    if (count <= 0) {
      return new long[0];
    }
    long deadline = System.nanoTime() + budget.toNanos();
    AtomicInteger left = new AtomicInteger(count);
    AtomicInteger taken = new AtomicInteger();
    long[] nanos = new long[count];
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < scrapers; s++) {
      Thread t =
          new Thread(
              () -> {
                try (ScrapeConnection c = new ScrapeConnection(port)) {
                  while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    c.get(path, gzip);
                    nanos[taken.getAndIncrement()] = System.nanoTime() - t0;
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "scraper-" + s);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return Arrays.copyOf(nanos, taken.get());
  }
}
