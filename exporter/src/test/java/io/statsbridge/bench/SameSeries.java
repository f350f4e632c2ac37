package io.statsbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks that the per-scrape server exposes exactly statsbridge's Datadog series (names and label
 * sets; values and formatting may differ), so the two are compared on the same work.
 */
final class SameSeries {
  private static final String PREFIX = "datadog_cnm_";

  private SameSeries() {}

  /**
   * Throws if the two plain bodies differ in their Datadog series or HELP and TYPE lines, or if
   * they do not hold {@code expected} series.
   */
  static void check(byte[] statsbridge, byte[] perScrape, int expected) {
    Set<String> ours = series(statsbridge);
    Set<String> theirs = series(perScrape);
    if (!ours.equals(theirs) || ours.size() != expected + 2 * Family.DATADOG.size()) {
      Set<String> onlyOurs = new HashSet<>(ours);
      onlyOurs.removeAll(theirs);
      Set<String> onlyTheirs = new HashSet<>(theirs);
      onlyTheirs.removeAll(ours);
      throw new IllegalStateException(
          ("the per-scrape server does not expose statsbridge's series (series, HELP and TYPE"
                  + " lines: statsbridge %d, per-scrape %d, expected %d); only statsbridge: %s;"
                  + " only per-scrape: %s")
              .formatted(
                  ours.size(),
                  theirs.size(),
                  expected + 2 * Family.DATADOG.size(),
                  onlyOurs.stream().limit(3).toList(),
                  onlyTheirs.stream().limit(3).toList()));
    }
  }

  private static Set<String> series(byte[] body) {
    Set<String> out = new HashSet<>();
    new String(body, StandardCharsets.UTF_8)
        .lines()
        .forEach(
            l -> {
              if (l.startsWith(PREFIX)) {
                out.add(l.substring(0, l.lastIndexOf(' ')).replace(",}", "}"));
              } else if (l.startsWith("# HELP " + PREFIX) || l.startsWith("# TYPE " + PREFIX)) {
                out.add(l);
              }
            });
    return out;
  }
}
