package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, read from the main sources' imports: dependencies run
 * one way down the layers, the scrape path never reaches the poller or an upstream, upstreams never
 * import each other, and the simulators share no code with the clients they simulate.
 */
class ArchitectureTest {
  static final Path MAIN = Path.of("src/main/java/io/statsbridge");
  static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.statsbridge\\.([\\w.]+);", Pattern.MULTILINE);

  /** Top to bottom; a package may import only packages on a lower layer. */
  static final List<Set<String>> LAYERS =
      List.of(
          Set.of(""),
          Set.of("app"),
          Set.of("web", "cli", "selfmetrics", "demo"),
          Set.of("poll"),
          Set.of("source.datadog", "source.trafficops", "source.dynatrace"),
          Set.of("source"),
          Set.of("store"),
          Set.of("exposition"),
          Set.of("config", "status", "log"));

  /** Package → the packages it imports (its own excluded). */
  static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MAIN)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    Set<String> packages = new TreeSet<>();
    for (Path f : files) {
      packages.add(packageOf(f));
    }
    for (Path f : files) {
      String from = packageOf(f);
      Set<String> to = out.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher m = IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        String target = longestPackage(m.group(1), packages);
        if (!target.equals(from)) {
          to.add(target);
        }
      }
    }
    return out;
  }

  private static String packageOf(Path file) {
    Path dir = MAIN.relativize(file).getParent();
    return dir == null ? "" : dir.toString().replace('/', '.');
  }

  private static String longestPackage(String name, Set<String> packages) {
    String best = "";
    for (String p : packages) {
      if (!p.isEmpty() && name.startsWith(p + ".") && p.length() > best.length()) {
        best = p;
      }
    }
    return best;
  }

  private static int layer(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(pkg)) {
        return i;
      }
    }
    throw new AssertionError("package io.statsbridge." + pkg + " has no layer in this test");
  }

  @Test
  void dependenciesRunOneWayDownTheLayers() throws IOException {
    List<String> upward = new ArrayList<>();
    imports()
        .forEach(
            (from, targets) -> {
              for (String to : targets) {
                if (layer(to) <= layer(from)) {
                  upward.add("io.statsbridge." + from + " → io.statsbridge." + to);
                }
              }
            });
    assertEquals(List.of(), upward);
  }

  @Test
  void theScrapePathNeverReachesThePollerOrAnUpstream() throws IOException {
    List<String> found = new ArrayList<>();
    Map<String, Set<String>> imports = imports();
    for (String reader : List.of("web", "selfmetrics", "store", "exposition", "status")) {
      for (String to : imports.getOrDefault(reader, Set.of())) {
        if (to.equals("poll") || to.startsWith("source")) {
          found.add(reader + " → " + to);
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void upstreamsKeepToThemselvesAndSimulatorsShareNoCodeWithClients() throws IOException {
    List<String> found = new ArrayList<>();
    imports()
        .forEach(
            (from, targets) -> {
              for (String to : targets) {
                boolean upstreams = from.startsWith("source.") && to.startsWith("source.");
                boolean simulator = from.equals("demo") && to.startsWith("source");
                if (upstreams || simulator) {
                  found.add(from + " → " + to);
                }
              }
            });
    assertEquals(List.of(), found);
  }

  /**
   * The build stops javac warning about the JDK's internal API (pom.xml, -XDignore.symbol.file) for
   * the sake of cli/Signals, the one place that needs it: no other file may use it.
   */
  @Test
  void onlyCliSignalsUsesTheJdksInternalApi() throws IOException {
    Pattern internal = Pattern.compile("(?<![\\w.])sun\\.(misc|reflect)\\.");
    List<String> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(MAIN)) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        if (internal.matcher(Files.readString(f)).find()) {
          found.add(MAIN.relativize(f).toString());
        }
      }
    }
    assertEquals(List.of("cli/Signals.java"), found);
  }
}
