package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.HostileClients;
import io.statsbridge.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * statsbridge's scrape times when things go wrong around it: 200 slowloris connections and 50
 * clients that never read a plain {@code /metrics} held open, and a poll hanging on a dead
 * upstream. One scraper, gzip, as Prometheus scrapes.
 */
final class Resilience {
  /** One figure below the table. */
  record Figure(String what, Latencies latencies) {}

  private Resilience() {}

  static List<Figure> run(
      App app, Simulator simulator, MutableClock clock, int scrapes, Duration budget)
      throws Exception {
    List<Figure> out = new ArrayList<>();
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

  private static Latencies scrape(App app, String path, int scrapes, Duration budget)
      throws Exception {
    return Latencies.of(ScrapeLoad.run(app.port(), path, true, 1, scrapes, budget));
  }
}
