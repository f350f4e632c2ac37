package io.statsbridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table: four rows per size (1 and 4 scrapers, gzip and plain), each with the scrape
 * p50/p99 of statsbridge, the per-scrape server and the copy floor, and the per-scrape ÷
 * statsbridge ratio; the size's own figures (body, poll CPU, memory) on its first row.
 */
final class ResultTable {
  private static final int FEW = 100;
  private static final int[] WIDTHS = {19, 14, 14, 14, 14, 14, 14, 14};
  private static final String[] GROUPS = {
    "", "statsbridge", "per-scrape", "ratio", "copy floor", "body MiB", "poll CPU ms", "heap   RSS"
  };
  private static final String[] COLUMNS = {
    "   series scr enc",
    pair("p50", "p99"),
    pair("p50", "p99"),
    pair("p50", "p99"),
    pair("p50", "p99"),
    pair("plain", "gzip"),
    pair("thread", "proc"),
    pair("B/ser", "MiB")
  };

  private ResultTable() {}

  static String render(BenchRun run) {
    StringBuilder out = new StringBuilder();
    out.append(line(GROUPS, true)).append(line(COLUMNS, false));
    boolean few = false;
    for (SizeResult size : run.sizes()) {
      boolean first = true;
      for (int scrapers : ScrapeMatrix.SCRAPERS) {
        for (boolean gzip : List.of(true, false)) {
          ScrapeFigure ours = size.figure(Server.STATSBRIDGE, gzip, scrapers);
          ScrapeFigure theirs = size.figure(Server.PER_SCRAPE, gzip, scrapers);
          ScrapeFigure floor = size.figure(Server.COPY_FLOOR, gzip, scrapers);
          few |= Math.min(ours.latencies().count(), theirs.latencies().count()) < FEW;
          List<String> cells = new ArrayList<>();
          cells.add(
              String.format(
                  Locale.ROOT,
                  "%9s %3d %-5s",
                  first ? String.format(Locale.ROOT, "%,d", size.workload().series()) : "",
                  scrapers,
                  ours.encoding()));
          cells.add(pair(ms(ours.latencies().p50()), p99(ours)));
          cells.add(pair(ms(theirs.latencies().p50()), p99(theirs)));
          cells.add(
              pair(
                  ratio(theirs.latencies().p50(), ours.latencies().p50()),
                  ratio(theirs.latencies().p99(), ours.latencies().p99())));
          cells.add(pair(ms(floor.latencies().p50()), ms(floor.latencies().p99())));
          if (first) {
            cells.add(pair(mib(size.bodies().plain()), mib(size.bodies().gzip())));
            cells.add(pair(whole(size.poll().threadMillis()), whole(size.poll().processMillis())));
            cells.add(
                pair(whole(run.heapPerSeries(size)), whole(size.memory().rssBytes() / 1048576.0)));
          }
          out.append(line(cells.toArray(String[]::new), false));
          first = false;
        }
      }
    }
    if (few) {
      out.append(
          "* fewer than "
              + FEW
              + " scrapes fitted the figure's time budget (counts in scrapes.csv):"
              + " its p99 is its slowest scrape\n");
    }
    return out.toString();
  }

  private static String line(String[] cells, boolean centered) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      int w = WIDTHS[i];
      if (i > 0) {
        s.append(" | ");
      }
      if (centered) {
        int left = (w - cell.length()) / 2;
        s.append(" ".repeat(left)).append(cell).append(" ".repeat(w - left - cell.length()));
      } else {
        s.append(i == 0 ? String.format("%-" + w + "s", cell) : String.format("%" + w + "s", cell));
      }
    }
    return s.toString().stripTrailing() + "\n";
  }

  private static String pair(String a, String b) {
    return String.format(Locale.ROOT, "%6s  %6s", a, b);
  }

  private static String p99(ScrapeFigure f) {
    return ms(f.latencies().p99()) + (f.latencies().count() < FEW ? "*" : "");
  }

  private static String ms(double millis) {
    return String.format(
        Locale.ROOT, millis < 10 ? "%.2f" : millis < 100 ? "%.1f" : "%.0f", millis);
  }

  private static String whole(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String ratio(double theirs, double ours) {
    return String.format(Locale.ROOT, theirs / ours < 10 ? "%.1f×" : "%.0f×", theirs / ours);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, bytes < 1048576 ? "%.2f" : "%.1f", bytes / 1048576.0);
  }
}
