package io.statsbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's figures as CSV, one file per kind: {@code scrapes.csv} (every scrape figure with its
 * count), {@code sizes.csv} (bodies, poll CPU, memory per size), {@code resilience.csv} and {@code
 * machine.csv}.
 */
final class CsvFiles {
  private CsvFiles() {}

  static List<Path> write(BenchRun run, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> scrapes =
        new ArrayList<>(
            List.of("series,rows,queries,server,encoding,scrapers,scrapes,p50_ms,p99_ms,max_ms"));
    List<String> sizes =
        new ArrayList<>(
            List.of(
                "series,rows,queries,plain_bytes,gzip_bytes,per_scrape_plain_bytes,"
                    + "per_scrape_gzip_bytes,first_poll_thread_cpu_ms,poll_thread_cpu_ms,"
                    + "poll_process_cpu_ms,poll_thread_allocated_bytes,heap_used_bytes,empty_heap_used_bytes,"
                    + "heap_bytes_per_series,rss_bytes,peak_rss_bytes,empty_rss_bytes"));
    List<String> resilience =
        new ArrayList<>(List.of("series,figure,scrapes,p50_ms,p99_ms,max_ms"));
    for (SizeResult size : run.sizes()) {
      Workload w = size.workload();
      String key = w.series() + "," + w.rows() + "," + w.queries();
      for (ScrapeFigure f : size.scrapes()) {
        scrapes.add(
            String.join(
                ",",
                key,
                f.server().label,
                f.encoding(),
                Integer.toString(f.scrapers()),
                latencies(f.latencies())));
      }
      sizes.add(
          String.join(
              ",",
              key,
              Long.toString(size.bodies().plain()),
              Long.toString(size.bodies().gzip()),
              Long.toString(size.bodies().perScrapePlain()),
              Long.toString(size.bodies().perScrapeGzip()),
              num(size.poll().firstThreadMillis()),
              num(size.poll().threadMillis()),
              num(size.poll().processMillis()),
              Long.toString(Math.round(size.poll().threadAllocatedBytes())),
              Long.toString(size.memory().heapUsedBytes()),
              Long.toString(run.empty().heapUsedBytes()),
              num(run.heapPerSeries(size)),
              Long.toString(size.memory().rssBytes()),
              Long.toString(size.memory().peakRssBytes()),
              Long.toString(run.empty().rssBytes())));
      for (Resilience.Figure f : size.resilience()) {
        resilience.add(w.series() + ",\"" + f.what() + "\"," + latencies(f.latencies()));
      }
    }
    List<String> machine = new ArrayList<>(List.of("key,value"));
    for (Map.Entry<String, String> e : run.machine().entrySet()) {
      machine.add(e.getKey() + ",\"" + e.getValue().replace("\"", "\"\"") + "\"");
    }
    return List.of(
        Files.write(dir.resolve("scrapes.csv"), scrapes),
        Files.write(dir.resolve("sizes.csv"), sizes),
        Files.write(dir.resolve("resilience.csv"), resilience),
        Files.write(dir.resolve("machine.csv"), machine));
  }

  private static String latencies(Latencies l) {
    return l.count() + "," + num(l.p50()) + "," + num(l.p99()) + "," + num(l.max());
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
