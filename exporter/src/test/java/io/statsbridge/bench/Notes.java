package io.statsbridge.bench;

import java.util.Locale;

/** The lines under the table: what each column is, and the figures that are not per size. */
final class Notes {
  private Notes() {}

  static String render(BenchRun run) {
    StringBuilder s = new StringBuilder();
    s.append(
        "scrape: request's first byte to body's last over a kept-alive loopback connection, gzip"
            + " not inflated;\n  ratio = per-scrape ÷ statsbridge; copy floor = a bare socket"
            + " writing statsbridge's own body.\n");
    s.append(
        String.format(
            Locale.ROOT,
            "poll CPU: median of %d polls after the first and %d unmeasured; thread = the thread"
                + " running\n  the poll (HTTP, parse, convert; it waits while the render pool"
                + " renders), proc = the process\n  less the simulator's threads (render pool, GC and"
                + " JIT included).\n",
            run.options().polls(),
            run.options().polls()));
    s.append(
        String.format(
            Locale.ROOT,
            "heap: live bytes per series in the jar's own JVM after full GC, less the empty"
                + " exporter's %.1f MiB;\n  RSS: that process after GC (empty exporter: %.0f MiB;"
                + " peak during the poll in sizes.csv).\n",
            run.empty().heapUsedBytes() / 1048576.0,
            run.empty().rssBytes() / 1048576.0));
    for (SizeResult size : run.sizes()) {
      s.append(
          String.format(
              Locale.ROOT,
              "of a poll at %,d series: its thread allocates %.1f MiB (median)%n",
              size.workload().series(),
              size.poll().threadAllocatedBytes() / 1048576.0));
      size.parse()
          .ifPresent(
              p ->
                  s.append(
                      String.format(
                          Locale.ROOT,
                          "of a poll at %,d series: parsing the %,d-row answer (%.1f MiB JSON)"
                              + " alone takes %.0f ms CPU%n",
                          size.workload().series(),
                          p.rows(),
                          p.bodyBytes() / 1048576.0,
                          p.cpuMillis())));
      for (Resilience.Figure f : size.resilience()) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-52s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%,d series, %d scrapes)%n",
                f.what() + ":",
                f.latencies().p50(),
                f.latencies().p99(),
                f.latencies().max(),
                size.workload().series(),
                f.latencies().count()));
      }
    }
    return s.toString();
  }
}
