package io.statsbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code scripts/bench [SCRAPES] [--quick] [--out=DIR] [--jar=PATH]}: scrapes per figure (default
 * 150), a quick run for trying changes (30 scrapes, shorter budgets, fewer polls), where the CSV
 * files and the chart go (default {@code bench-results/}), and the exporter jar the memory probe
 * runs.
 */
record BenchOptions(ScrapeMatrix.Plan plan, int polls, Path out, Path jar) {
  static final String USAGE = "usage: scripts/bench [SCRAPES] [--quick] [--out=DIR] [--jar=PATH]";

  /**
   * A short pass whose figures are thrown away: the JIT compiles the scrape and poll paths of every
   * server before the first size is measured, rather than during it.
   */
  BenchOptions warmup() {
    return new BenchOptions(new ScrapeMatrix.Plan(40, 1, Duration.ofSeconds(4), 10), 2, out, jar);
  }

  static BenchOptions parse(String... args) {
    Integer scrapes = null;
    boolean quick = false;
    Path out = Path.of("bench-results");
    Path jar = Path.of("exporter/target/statsbridge.jar");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--out=")) {
        out = Path.of(arg.substring(6));
      } else if (arg.startsWith("--jar=")) {
        jar = Path.of(arg.substring(6));
      } else if (arg.matches("[1-9][0-9]*")) {
        scrapes = Integer.parseInt(arg);
      } else {
        throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " is missing: build it with ./mvnw package -DskipTests (scripts/bench does)");
    }
    ScrapeMatrix.Plan plan =
        quick
            ? new ScrapeMatrix.Plan(scrapes == null ? 30 : scrapes, 2, Duration.ofSeconds(3), 3)
            : new ScrapeMatrix.Plan(scrapes == null ? 150 : scrapes, 3, Duration.ofSeconds(20), 30);
    return new BenchOptions(plan, quick ? 3 : 5, out, jar);
  }
}
