package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.MutableClock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One size, start to end: a simulator with that many flows; the jar in a child JVM for memory;
 * statsbridge in-process for poll CPU and scrapes; the per-scrape server over the same rows; the
 * copy floor over statsbridge's own bodies; then the interleaved scrape figures, and at the
 * reference size the parse share and the scrapes under hostile clients and a hanging poll.
 */
final class SizeRun {
  private SizeRun() {}

  static SizeResult run(Workload workload, BenchOptions options, boolean reference)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (Simulator simulator =
        Simulator.start(Traffic.of(Workload.SERVICES, workload.rows()), clock)) {
      ChildExporter.Memory memory =
          ChildExporter.measure(
              options.jar(), workload.config(simulator.url(), "10m"), workload.series());
      try (App app =
          Exporters.start(
              workload.config(simulator.url(), "1m"), Exporters.loopback(0).clock(clock))) {
        PollCpu poll = PollCpu.measure(app, clock, workload, options.polls());
        List<UpstreamRows.Query> rows = UpstreamRows.fetch(simulator, workload, clock.instant());
        byte[] plain;
        byte[] gzip;
        try (ScrapeConnection c = new ScrapeConnection(app.port())) {
          plain = c.fetch("/metrics", false);
          gzip = c.fetch("/metrics", true);
        }
        try (PerScrapeServer perScrape = PerScrapeServer.start(rows);
            CopyFloorServer floor = CopyFloorServer.serving(plain, gzip);
            ScrapeConnection c = new ScrapeConnection(perScrape.port())) {
          byte[] theirs = c.fetch("/metrics", false);
          SameSeries.check(plain, theirs, workload.series());
          SizeResult.Bodies bodies =
              new SizeResult.Bodies(
                  plain.length, gzip.length, theirs.length, c.fetch("/metrics", true).length);
          Map<Server, Integer> ports = new EnumMap<>(Server.class);
          ports.put(Server.STATSBRIDGE, app.port());
          ports.put(Server.PER_SCRAPE, perScrape.port());
          ports.put(Server.COPY_FLOOR, floor.port());
          List<ScrapeFigure> scrapes = ScrapeMatrix.run(workload, ports, options.plan());
          if (!reference) {
            return new SizeResult(
                workload, bodies, poll, memory, scrapes, List.of(), Optional.empty());
          }
          Optional<ParseOnly> parse =
              Optional.of(
                  ParseOnly.measure(simulator, workload, clock.instant(), options.polls() * 2));
          List<Resilience.Figure> extra =
              Resilience.run(
                  app,
                  workload,
                  simulator,
                  clock,
                  options.plan().scrapes() * Resilience.MORE_SCRAPES,
                  options.plan().budget());
          return new SizeResult(workload, bodies, poll, memory, scrapes, extra, parse);
        }
      }
    }
  }
}
