package io.statsbridge.bench;

import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.log.LogSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

/**
 * docs/sizing.md: G1's heap after young collections against the live heap, for the jar in
 * operation. The jar runs in its own JVM with the container image's heap flags and a 1 GiB memory
 * limit's regions ({@code -XX:MaxRAM=1g}: 1 MiB regions, as the Kubernetes manifests give it),
 * polls the simulator every 20 s and is scraped with gzip every 5 s; then one full collection gives
 * the live heap. Collections before the first poll ended are left out. Nothing is asserted: run it
 * with {@code scripts/bench-gc}.
 */
public final class GcBenchmark {
  static final String USAGE =
      "usage: scripts/bench-gc [SECONDS] [--runs=N] [--queries=N] [--jar=PATH] [--flag=JVM_FLAG]...";

  /** The container's limit: the image sizes the heap from it ({@code MaxRAMPercentage=75}). */
  static final List<String> CONTAINER = List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75");

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofSeconds(120);
    int runs = 3;
    int queries = 1;
    Path jar = Path.of("exporter/target/statsbridge.jar");
    List<String> flags = new ArrayList<>(CONTAINER);
    for (String arg : args) {
      if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring(7));
      } else if (arg.startsWith("--queries=")) {
        queries = Integer.parseInt(arg.substring(10));
      } else if (arg.startsWith("--jar=")) {
        jar = Path.of(arg.substring(6));
      } else if (arg.startsWith("--flag=")) {
        flags.add(arg.substring(7));
      } else if (arg.matches("[1-9][0-9]*")) {
        run = Duration.ofSeconds(Long.parseLong(arg));
      } else {
        throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " is missing: build it with ./mvnw package -DskipTests (scripts/bench-gc does)");
    }
    LogSetup.install(Level.SEVERE);
    Workload workload = new Workload(Benchmark.REFERENCE.rows(), queries);
    System.out.printf(
        Locale.ROOT,
        "G1 after young collections vs live: %,d series polled every 20 s for %d s, gzip scrape"
            + " every 5 s; JVM flags: %s %s%n",
        workload.series(),
        run.toSeconds(),
        String.join(" ", ChildExporter.JVM_FLAGS),
        String.join(" ", flags));
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      GcLog log;
      try (Simulator simulator =
          Simulator.start(Traffic.of(Workload.SERVICES, workload.rows()), Clock.systemUTC())) {
        String config =
            workload.config(simulator.url(), "20s").replace("timeout: 60s", "timeout: 15s");
        log =
            ChildExporter.collections(
                jar, config, workload.series(), flags, run, Duration.ofSeconds(5));
      }
      ratios.add(log.ratio());
      System.out.printf(
          Locale.ROOT,
          "run %d: live %.1f MB; after young and mixed collections %.1f MB on average (%d, %d"
              + " mixed) = %.2f× live; regions after them on average: survivor %.1f, old %.1f,"
              + " humongous %.1f%n",
          i,
          log.liveMb(),
          log.meanAfterMb(),
          log.collections().size(),
          log.mixed(),
          log.ratio(),
          log.mean(GcLog.Collection::survivor),
          log.mean(GcLog.Collection::old),
          log.mean(GcLog.Collection::humongous));
    }
    System.out.printf(
        Locale.ROOT,
        "ratio over %d runs: %s%n",
        runs,
        String.join(
            ", ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f×", r)).toList()));
  }
}
