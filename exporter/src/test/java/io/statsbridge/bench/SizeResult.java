package io.statsbridge.bench;

import java.util.List;
import java.util.Optional;

/** Everything measured at one size; resilience and parse figures at the reference size only. */
record SizeResult(
    Workload workload,
    Bodies bodies,
    PollCpu poll,
    ChildExporter.Memory memory,
    List<ScrapeFigure> scrapes,
    List<Resilience.Figure> resilience,
    Optional<ParseOnly> parse) {

  /** Body sizes in bytes as sent: statsbridge's and the per-scrape server's. */
  record Bodies(long plain, long gzip, long perScrapePlain, long perScrapeGzip) {}

  ScrapeFigure figure(Server server, boolean gzip, int scrapers) {
    return scrapes.stream()
        .filter(f -> f.server() == server && f.gzip() == gzip && f.scrapers() == scrapers)
        .findFirst()
        .orElseThrow();
  }
}
