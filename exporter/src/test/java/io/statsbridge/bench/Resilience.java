package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.HostileClients;
import io.statsbridge.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * statsbridge's scrape times when things go on around it: polls running back to back (beside an
 * idle figure taken just before and one while a thread only spins, and again with {@code
 * --storage.path}, where the first scrape after each poll writes and syncs the cursors before its
 * body leaves), 200 slowloris connections and 50 clients that never read a plain {@code /metrics}
 * held open, and a poll hanging on a dead upstream. One scraper, gzip, as Prometheus scrapes.
 */
final class Resilience {
  /** One figure below the table. */
  record Figure(String what, Latencies latencies) {}

  /**
   * Each figure here is a single run, not an interleaved one like the table's, so it takes this
   * many times the table's scrapes: a p99 of 150 scrapes would be the second slowest.
   */
  static final int MORE_SCRAPES = 4;

  /**
   * The idle, spinning and polling figures, whose p99s are compared with each other, take this many
   * times more again: at 600 scrapes a p99 is the sixth slowest, and moved by 0.2 of idle between
   * runs.
   */
  private static final int MORE_FOR_RATIOS = 4;

  /** The idle, spinning and polling figures are taken in turns, this many times. */
  private static final int ROUNDS = 3;

  /** Where the spinning thread leaves its result, so that its loop is not optimized away. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  private Resilience() {}

  static List<Figure> run(
      App app,
      Workload workload,
      Simulator simulator,
      MutableClock clock,
      int scrapes,
      Duration budget)
      throws Exception {
    List<Figure> out =
        new ArrayList<>(polling(workload, simulator, clock, scrapes * MORE_FOR_RATIOS, budget));
    try (HostileClients hostile = HostileClients.open(app.port(), 200, 50)) {
      Thread.sleep(1_000); // the silent clients' answers now fill their socket buffers
      out.add(
          new Figure(
              "scrape, gzip, 200 slowloris + 50 never-reading open",
              scrape(app, "/metrics", scrapes, budget)));
      out.add(
          new Figure(
              "/-/healthy, 200 slowloris + 50 never-reading open",
              scrape(app, "/-/healthy", scrapes, budget)));
    }
    simulator.faults().hangAll(true);
    clock.advance(Duration.ofMinutes(1));
    Thread poll = new Thread(app::pollAllNow, "hanging-poll");
    poll.start();
    try {
      Await.until(
          "the poll to hang", Duration.ofSeconds(10), () -> simulator.faults().hanging() > 0);
      out.add(
          new Figure(
              "scrape, gzip, while a poll hangs on a dead upstream",
              scrape(app, "/metrics", scrapes, budget)));
      if (!poll.isAlive()) {
        throw new IllegalStateException("the poll stopped hanging before the scrapes were done");
      }
    } finally {
      simulator.faults().hangAll(false);
      poll.join();
    }
    return out;
  }

  /**
   * Scrapes idle, while one thread spins and while polls run back to back, in turns: an exporter of
   * its own, polling a {@link ReplayUpstream}, so what competes with the scrapes is the exporter's
   * poll, not the simulator. The spinning thread does nothing but take a core (no allocation, no
   * I/O, no lock): the machine's floor for scrapes beside any work in the same JVM, against which
   * the polls' figure reads.
   */
  private static List<Figure> polling(
      Workload workload, Simulator simulator, MutableClock clock, int scrapes, Duration budget)
      throws Exception {
    try (ReplayUpstream upstream = ReplayUpstream.of(simulator.url());
        App app =
            Exporters.start(
                workload.config(upstream.url(), "1m"), Exporters.loopback(0).clock(clock))) {
      app.pollAllNow();
      Callable<Latencies> scraping = () -> scrape(app, "/metrics", scrapes / ROUNDS, budget);
      Runnable poll =
          () -> {
            clock.advance(Duration.ofMinutes(1));
            app.pollAllNow();
          };
      Latencies idle = Latencies.of(new long[0]);
      Latencies spinning = idle;
      Latencies polling = idle;
      for (int round = 0; round < ROUNDS; round++) {
        idle = idle.plus(scraping.call().sortedNanos());
        spinning = spinning.plus(alongside(Resilience::spin, scraping).sortedNanos());
        polling = polling.plus(alongside(poll, scraping).sortedNanos());
      }
      for (QueryStatus status : app.statuses()) {
        if (status.lastOutcome().orElse(null) != Outcome.SUCCESS) {
          throw new IllegalStateException(
              "a back-to-back poll of " + status.query() + " failed: " + status.lastError());
        }
      }
      return List.of(
          new Figure("scrape, gzip, idle", idle),
          new Figure("scrape, gzip, while one thread spins", spinning),
          new Figure("scrape, gzip, while polls run back to back", polling),
          withStorage(workload, upstream, clock, scrapes, budget));
    }
  }

  /** Polls back to back with the cursors on disk: a scrape after each poll writes and syncs. */
  private static Figure withStorage(
      Workload workload, ReplayUpstream upstream, MutableClock clock, int scrapes, Duration budget)
      throws Exception {
    Path storage = Files.createTempDirectory("statsbridge-bench-storage");
    try (App app =
        Exporters.start(
            workload.config(upstream.url(), "1m"),
            Exporters.loopback(0).clock(clock).storage(Optional.of(storage)))) {
      app.pollAllNow();
      Runnable poll =
          () -> {
            clock.advance(Duration.ofMinutes(1));
            app.pollAllNow();
          };
      Latencies polling = alongside(poll, () -> scrape(app, "/metrics", scrapes / ROUNDS, budget));
      return new Figure("scrape, gzip, while polls run back to back, --storage.path", polling);
    } finally {
      try (var files = Files.walk(storage)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Runs {@code scrapes} while another thread does {@code step} again and again, starting once the
   * first step is done, so every scrape overlaps one.
   */
  private static Latencies alongside(Runnable step, Callable<Latencies> scrapes) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger steps = new AtomicInteger();
    Thread worker =
        new Thread(
            () -> {
              while (!stop.get()) {
                step.run();
                steps.incrementAndGet();
              }
            },
            "alongside-scrapes");
    worker.start();
    try {
      Await.until(
          "the first step beside the scrapes", Duration.ofSeconds(30), () -> steps.get() > 0);
      return scrapes.call();
    } finally {
      stop.set(true);
      worker.join();
    }
  }

  /** 100 ms of arithmetic on one core; the result is kept so the loop is not optimized away. */
  private static void spin() {
    long end = System.nanoTime() + 100_000_000L;
    long x = 1;
    while (System.nanoTime() < end) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    sink = x;
  }

  private static Latencies scrape(App app, String path, int scrapes, Duration budget)
      throws Exception {
    return Latencies.of(ScrapeLoad.run(app.port(), path, true, 1, scrapes, budget));
  }
}
