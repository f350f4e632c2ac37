package io.statsbridge.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One name on /metrics, one family. A query's family whose name (or one of its sample names) is the
 * exporter's own, or another query's family, would put a second HELP/TYPE block on /metrics or
 * gauge samples inside a counter family: refused, naming both. Queries of one upstream share its
 * fixed families (two Datadog queries both export {@code datadog_cnm_tcp_resets}, told apart by
 * {@code query}); a name a query chose is its own.
 */
final class FamilyCollisions {
  /** One valid query's families, and where the query is in the file. */
  record Declared(String path, String name, String type, List<ExportedFamily> families) {}

  private record Entry(Declared query, ExportedFamily family) {
    String where() {
      return query.path() + family.chosenBy().map(k -> "." + k).orElse("");
    }

    /** Both the upstream's own family: the same family, exported by two queries. */
    boolean sameAs(Entry other) {
      return family.chosenBy().isEmpty()
          && other.family.chosenBy().isEmpty()
          && query.type().equals(other.query.type())
          && family.equals(other.family);
    }
  }

  private FamilyCollisions() {}

  static void check(List<Declared> queries, Problems problems) {
    Map<String, List<Entry>> byName = new HashMap<>();
    Set<Entry> reported = new HashSet<>();
    for (Declared q : queries) {
      for (ExportedFamily f : q.families()) {
        Entry e = new Entry(q, f);
        for (String name : f.names()) {
          if (ExportedFamily.reserved(name) && reported.add(e)) {
            problems.add(
                e.where(),
                quote(name)
                    + " is a name of statsbridge's own metrics (statsbridge_*, jvm_*, process_*"
                    + " and caffeine_cache_* are reserved)");
          }
          for (Entry earlier : byName.getOrDefault(name, List.of())) {
            if (earlier.query() != q && !e.sameAs(earlier)) {
              // The name a query chose is the one to change; between equals, the later one.
              boolean blameEarlier =
                  earlier.family().chosenBy().isPresent() && f.chosenBy().isEmpty();
              Entry blamed = blameEarlier ? earlier : e;
              Entry other = blameEarlier ? e : earlier;
              if (reported.add(blamed)) {
                problems.add(blamed.where(), collision(name, other));
              }
            }
          }
        }
        for (String name : f.names()) {
          byName.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
        }
      }
    }
  }

  private static String collision(String name, Entry other) {
    ExportedFamily f = other.family();
    return quote(name)
        + " is "
        + (f.name().equals(name) ? "the " : "a sample of the ")
        + f.kind()
        + " "
        + f.name()
        + " of query "
        + quote(other.query().name())
        + " ("
        + other.query().path()
        + "): a name on /metrics belongs to one family";
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
