package io.statsbridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every scrape figure of one size, interleaved: the run is cut into rounds, and each round takes
 * its share of every figure (server × encoding × scrapers) in turn, so a GC, a JIT compilation or a
 * noisy neighbour lands on all of them rather than on one. Each share starts on a collected heap,
 * so the garbage one server left (the per-scrape server leaves plenty) is not collected on the next
 * one's time. A figure stops early when its time budget is spent (the per-scrape server at large
 * sizes): the count it reached is reported.
 */
final class ScrapeMatrix {
  static final List<Integer> SCRAPERS = List.of(1, 4);

  /** How many scrapes a figure takes at most, in how many rounds, within how much time. */
  record Plan(int scrapes, int rounds, Duration budget, int warmup) {}

  private ScrapeMatrix() {}

  static List<ScrapeFigure> run(Workload workload, Map<Server, Integer> ports, Plan plan)
      throws Exception {
    for (Map.Entry<Server, Integer> target : ports.entrySet()) {
      for (boolean gzip : List.of(true, false)) {
        ScrapeLoad.run(
            target.getValue(), "/metrics", gzip, 1, plan.warmup(), plan.budget().dividedBy(4));
      }
    }
    Map<String, ScrapeFigure> figures = new LinkedHashMap<>();
    int perRound = (plan.scrapes() + plan.rounds() - 1) / plan.rounds();
    Duration budget = plan.budget().dividedBy(plan.rounds());
    for (int round = 0; round < plan.rounds(); round++) {
      for (boolean gzip : List.of(true, false)) {
        for (int scrapers : SCRAPERS) {
          for (Map.Entry<Server, Integer> target : ports.entrySet()) {
            String key = target.getKey() + "/" + gzip + "/" + scrapers;
            ScrapeFigure sofar = figures.get(key);
            int left = plan.scrapes() - (sofar == null ? 0 : sofar.latencies().count());
            System.gc();
            long[] nanos =
                ScrapeLoad.run(
                    target.getValue(),
                    "/metrics",
                    gzip,
                    scrapers,
                    Math.min(perRound, left),
                    budget);
            figures.put(
                key,
                new ScrapeFigure(
                    workload,
                    target.getKey(),
                    gzip,
                    scrapers,
                    sofar == null ? Latencies.of(nanos) : sofar.latencies().plus(nanos)));
          }
        }
      }
    }
    return new ArrayList<>(figures.values());
  }
}
