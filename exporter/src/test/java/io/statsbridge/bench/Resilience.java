package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.HostileClients;
import io.statsbridge.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * statsbridge's scrape times when things go on around it: polls running back to back (beside an
 * idle figure taken just before), 200 slowloris connections and 50 clients that never read a plain
 * {@code /metrics} held open, and a poll hanging on a dead upstream. One scraper, gzip, as
 * Prometheus scrapes.
 */
final class Resilience {
  /** One figure below the table. */
  record Figure(String what, Latencies latencies) {}

  private Resilience() {}

  static List<Figure> run(
      App app,
      Workload workload,
      Simulator simulator,
      MutableClock clock,
      int scrapes,
      Duration budget)
      throws Exception {
    List<Figure> out = new ArrayList<>(polling(workload, simulator, clock, scrapes, budget));
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
   * Scrapes idle, then while polls run back to back: an exporter of its own, polling a {@link
   * ReplayUpstream}, so what competes with the scrapes is the exporter's poll, not the simulator.
   */
  private static List<Figure> polling(
      Workload workload, Simulator simulator, MutableClock clock, int scrapes, Duration budget)
      throws Exception {
    try (ReplayUpstream upstream = ReplayUpstream.of(simulator.url());
        App app =
            Exporters.start(
                workload.config(upstream.url(), "1m"), Exporters.loopback(0).clock(clock))) {
      app.pollAllNow();
      Figure idle = new Figure("scrape, gzip, idle", scrape(app, "/metrics", scrapes, budget));
      Figure during =
          new Figure(
              "scrape, gzip, while polls run back to back",
              duringPolls(app, clock, () -> scrape(app, "/metrics", scrapes, budget)));
      for (QueryStatus status : app.statuses()) {
        if (status.lastOutcome().orElse(null) != Outcome.SUCCESS) {
          throw new IllegalStateException(
              "a back-to-back poll of " + status.query() + " failed: " + status.lastError());
        }
      }
      return List.of(idle, during);
    }
  }

  /**
   * Runs {@code scrapes} while another thread polls again and again, each a simulated minute on, so
   * every scrape overlaps a poll.
   */
  private static Latencies duringPolls(App app, MutableClock clock, Callable<Latencies> scrapes)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger polls = new AtomicInteger();
    Thread poller =
        new Thread(
            () -> {
              while (!stop.get()) {
                clock.advance(Duration.ofMinutes(1));
                app.pollAllNow();
                polls.incrementAndGet();
              }
            },
            "back-to-back-polls");
    poller.start();
    try {
      Await.until("the first back-to-back poll", Duration.ofSeconds(30), () -> polls.get() > 0);
      return scrapes.call();
    } finally {
      stop.set(true);
      poller.join();
    }
  }

  private static Latencies scrape(App app, String path, int scrapes, Duration budget)
      throws Exception {
    return Latencies.of(ScrapeLoad.run(app.port(), path, true, 1, scrapes, budget));
  }
}
