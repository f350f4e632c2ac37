package io.statsbridge.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * G1's log ({@code -Xlog:gc,gc+heap=debug:file=…:uptime}) read back: the heap after each young or
 * mixed collection from {@code from} seconds of uptime on, with its survivor, old and humongous
 * regions, and the live heap as the full collection that {@code jcmd GC.run} made at the end left
 * it.
 */
record GcLog(double liveMb, List<Collection> collections) {
  /** One young or mixed pause: heap in use after it (MB) and its regions after it. */
  record Collection(
      double uptime, boolean mixed, double afterMb, int survivor, int old, int humongous) {}

  private static final Pattern PAUSE =
      Pattern.compile(
          "\\[(\\d+\\.\\d+)s] GC\\((\\d+)\\) Pause (Young|Full)( \\((?:Normal|Mixed|Concurrent"
              + " Start|Prepare Mixed)\\))? \\(([^)]*)\\)");
  private static final Pattern REGIONS =
      Pattern.compile("GC\\((\\d+)\\) (Survivor|Old|Humongous) regions: \\d+->(\\d+)");
  private static final Pattern HEAP_AFTER = Pattern.compile("GC\\((\\d+)\\) Heap after GC");
  private static final Pattern USED =
      Pattern.compile("GC\\((\\d+)\\)\\s+garbage-first heap\\s+total \\d+K, used (\\d+)K");

  /** Reads {@code lines}, leaving out collections before {@code from} seconds of uptime. */
  static GcLog parse(List<String> lines, double from) {
    Map<String, int[]> regions = new HashMap<>();
    Map<String, Double> usedAfter = new HashMap<>();
    String after = null;
    for (String line : lines) {
      Matcher m = REGIONS.matcher(line);
      if (m.find()) {
        int slot =
            switch (m.group(2)) {
              case "Survivor" -> 0;
              case "Old" -> 1;
              default -> 2;
            };
        regions.computeIfAbsent(m.group(1), id -> new int[3])[slot] = Integer.parseInt(m.group(3));
      }
      Matcher heapAfter = HEAP_AFTER.matcher(line);
      if (heapAfter.find()) {
        after = heapAfter.group(1);
        continue;
      }
      Matcher used = USED.matcher(line);
      if (used.find() && used.group(1).equals(after)) {
        usedAfter.put(after, Long.parseLong(used.group(2)) / 1024.0);
        after = null;
      }
    }
    double live = Double.NaN;
    List<Collection> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find() || !usedAfter.containsKey(m.group(2))) {
        continue;
      }
      double heap = usedAfter.get(m.group(2));
      if (m.group(3).equals("Full")) {
        if (m.group(5).equals("Diagnostic Command")) {
          live = heap;
        }
        continue;
      }
      double uptime = Double.parseDouble(m.group(1));
      if (uptime >= from) {
        int[] r = regions.getOrDefault(m.group(2), new int[3]);
        out.add(new Collection(uptime, " (Mixed)".equals(m.group(4)), heap, r[0], r[1], r[2]));
      }
    }
    return new GcLog(live, List.copyOf(out));
  }

  double meanAfterMb() {
    return collections.stream().mapToDouble(Collection::afterMb).average().orElse(Double.NaN);
  }

  /** Mean heap after a young or mixed collection over the live heap. */
  double ratio() {
    return meanAfterMb() / liveMb;
  }

  long mixed() {
    return collections.stream().filter(Collection::mixed).count();
  }

  double mean(ToIntFunction<Collection> regions) {
    return collections.stream().mapToInt(regions).average().orElse(Double.NaN);
  }
}
