package io.statsbridge.bench;

import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.log.LogSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * docs/benchmarks.md: statsbridge (bytes rendered once per poll) beside per-scrape rendering of the
 * same series by {@code simpleclient_httpserver} 0.16 and the loopback copy of the same bytes, at
 * 15k to 382.5k series, with poll CPU and the exporter's memory; one table on stdout (progress on
 * stderr), CSV files and the scaling chart in the output directory. Nothing is asserted: run it
 * with {@code scripts/bench}.
 */
public final class Benchmark {
  /** 7,500 rows × 17 attributes, one query: the reference size of the figures below the table. */
  static final Workload REFERENCE = new Workload(7500, 1);

  static final List<Workload> SIZES =
      List.of(
          Workload.ofSeries(15_000), Workload.ofSeries(45_000), REFERENCE, new Workload(7500, 3));

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    LogSetup.install(Level.SEVERE);
    long start = System.nanoTime();
    Map<String, String> machine = Machine.describe();
    System.out.printf(
        "statsbridge benchmark: up to %d scrapes per figure in %d interleaved rounds, at most %d s"
            + " a figure; %d polls per size; after a warm-up pass%n",
        options.plan().scrapes(),
        options.plan().rounds(),
        options.plan().budget().toSeconds(),
        options.polls());
    machine.forEach((k, v) -> System.out.printf("  %-18s %s%n", k + ":", v));
    ChildExporter.Memory empty;
    try (Simulator simulator =
        Simulator.start(Traffic.of(Workload.SERVICES, 1), Clock.systemUTC())) {
      empty = ChildExporter.measure(options.jar(), Workload.emptyConfig(simulator.url(), "10m"), 0);
    }
    System.err.printf("… warm-up pass at %,d series (discarded)%n", SIZES.get(0).series());
    SizeRun.run(SIZES.get(0), options.warmup(), false);
    List<SizeResult> sizes = new ArrayList<>();
    for (Workload w : SIZES) {
      System.err.printf(
          "… %,d series (%d × %,d rows), %.0f s so far%n",
          w.series(), w.queries(), w.rows(), (System.nanoTime() - start) / 1e9);
      sizes.add(SizeRun.run(w, options, w.equals(REFERENCE)));
    }
    BenchRun run = new BenchRun(machine, options, empty, sizes);
    System.out.println();
    System.out.print(ResultTable.render(run));
    System.out.println();
    System.out.print(Notes.render(run));
    Path out = options.out();
    List<Path> files = new ArrayList<>(CsvFiles.write(run, out));
    files.add(ScalingChart.write(run, out.resolve("bench-scaling.png")));
    System.out.printf(
        Locale.ROOT,
        "%nwritten: %s (%.0f s in all)%n",
        String.join(", ", files.stream().map(Path::toString).toList()),
        (System.nanoTime() - start) / 1e9);
  }
}
