package io.statsbridge.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.demo.Fault;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.log.LogSetup;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.PrometheusServer;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * {@code scripts/chaos SECONDS [SEED]}: the real exporter process against the simulator, scraped
 * every second by a real Prometheus, while faults chosen at random from the seed hit it: 429s, 5xx,
 * hangs past the timeout, truncated and non-JSON bodies, reloads of unchanged and changed configs,
 * SIGHUP, and a disk that fails to save the window cursors for a few seconds, then a {@code kill
 * -9} with a restart on the same {@code --storage.path}. Then every counter series' {@code
 * increase()} over the run must equal the ground truth exactly. Prints one line; exits 1 on any
 * mismatch.
 */
public final class ChaosRun {
  private enum Action {
    RATE_LIMIT(3),
    SERVER_ERROR(3),
    HANG(2),
    TRUNCATED(2),
    GARBAGE(2),
    RELOAD_UNCHANGED(2),
    RELOAD_CHANGED(2),
    SIGHUP(2);

    final int weight;

    Action(int weight) {
      this.weight = weight;
    }
  }

  private final Path jar;
  private final Path prometheusBinary;
  private final Path dir;
  private final long seconds;
  private final long seed;
  private final RandomGenerator random;
  private final Map<String, Integer> counts = new TreeMap<>();
  private final List<long[]> gaps = new ArrayList<>();
  private List<Action> firstRound;

  ChaosRun(Path jar, Path prometheusBinary, Path dir, long seconds, long seed) {
    this.jar = jar;
    this.prometheusBinary = prometheusBinary;
    this.dir = dir;
    this.seconds = seconds;
    this.seed = seed;
    this.random = new java.util.SplittableRandom(seed);
  }

  /** What a run found; {@link #ok} when nothing was wrong. */
  record Report(String line, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: scripts/chaos SECONDS [SEED]");
      System.exit(2);
    }
    LogSetup.install(Level.WARNING);
    long seconds = Long.parseLong(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime() % 100_000;
    Path jar = Path.of(System.getProperty("statsbridge.jar", "exporter/target/statsbridge.jar"));
    Path dir = Files.createTempDirectory("statsbridge-chaos");
    Report report = new ChaosRun(jar, prometheus(), dir, seconds, seed).run(System.err);
    System.out.println(report.line());
    report.problems().forEach(p -> System.err.println("  " + p));
    System.exit(report.ok() ? 0 : 1);
  }

  static Path prometheus() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(d, "prometheus");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException("needs Debian's prometheus: apt-get install prometheus");
  }

  /** Prometheus scraping the exporter's address, and the exporter listening there. */
  private record Setup(PrometheusServer prometheus, ExporterProcess exporter, int port)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try (prometheus;
          exporter) {
        // both closed, even if one fails
      }
    }
  }

  /**
   * As in a running deployment, Prometheus already scrapes the address (and finds it down) when the
   * exporter starts, so it sees every new series at 0 before its first window lands. The port must
   * be chosen before either starts; if something takes it meanwhile, both start again on another.
   */
  private Setup setUp(int port, Path config, Path storage) throws Exception {
    PrometheusServer prometheus =
        PrometheusServer.start(
            prometheusBinary,
            Files.createDirectories(dir.resolve("prometheus-" + port)),
            """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: statsbridge
                static_configs: [{targets: ["127.0.0.1:%d"]}]
            """
                .formatted(port));
    ExporterProcess exporter =
        new ExporterProcess(jar, config, storage, port, dir.resolve("exporter.log"));
    try {
      Await.until(
          "Prometheus to scrape the exporter's address",
          Duration.ofSeconds(60),
          () -> scraping(prometheus));
      exporter.start();
      return new Setup(prometheus, exporter, port);
    } catch (Exception | AssertionError e) {
      exporter.close();
      prometheus.close();
      throw e;
    }
  }

  Report run(PrintStream progress) throws Exception {
    Path config = dir.resolve("statsbridge.yml");
    Path storage = dir.resolve("state");
    List<String> problems = new ArrayList<>();
    try (Simulator simulator = Simulator.start(Traffic.of(10, 40), Clock.systemUTC())) {
      simulator.trafficOps().gaps(false);
      simulator.faults().slowDelay(Duration.ofMillis(2500));
      ChaosConfig current = ChaosConfig.initial();
      Files.writeString(config, current.yaml(simulator));
      try (Setup setup = Processes.onFreePort(port -> setUp(port, config, storage))) {
        return run(progress, simulator, setup, config, current, problems);
      }
    }
  }

  private Report run(
      PrintStream progress,
      Simulator simulator,
      Setup setup,
      Path config,
      ChaosConfig start,
      List<String> problems)
      throws Exception {
    PrometheusServer prometheus = setup.prometheus();
    ExporterProcess exporter = setup.exporter();
    int port = setup.port();
    ChaosConfig current = start;
    Path storage = dir.resolve("state");
    long started = System.currentTimeMillis();
    progress.printf(
        "chaos: seed %d, %ds, exporter on :%d, files in %s%n", seed, seconds, port, dir);
    Baseline baseline = Baseline.settle(exporter);
    long end = started + seconds * 1000;
    long killAt = started + seconds * 1000 * (25 + random.nextInt(20)) / 100;
    boolean killed = false;
    try (ScrapeChecker scrapes = new ScrapeChecker(exporter)) {
      while (System.currentTimeMillis() < end) {
        if (!killed && System.currentTimeMillis() >= killAt) {
          // The disk fails first: cursor saves fail while Prometheus goes on scraping, then the
          // process dies, and comes back once the disk works again.
          Path inTheWay = storage.resolve("cursors.json.tmp").resolve("in-the-way");
          Files.createDirectories(inTheWay);
          count("storage_failure");
          Thread.sleep(5_000);
          long down = System.currentTimeMillis();
          exporter.kill();
          Files.delete(inTheWay);
          Files.delete(inTheWay.getParent());
          exporter.start();
          gaps.add(new long[] {down, System.currentTimeMillis()});
          count("restart");
          killed = true;
          baseline = Baseline.settle(exporter);
          continue;
        }
        current = act(pick(), simulator, exporter, config, current, problems);
        Thread.sleep(600 + random.nextInt(1400));
      }
      // Quiet: faults end, held windows land, and the last windows reach Prometheus.
      simulator.faults().clear();
      Thread.sleep(9_000);
      problems.addAll(baseline.compare(exporter));
      // Freeze: the upstream hangs, so the counters stop where the last windows left them.
      simulator.faults().hangAll(true);
      Thread.sleep(5_000);
      if (scrapes.torn() > 0) {
        problems.add(scrapes.torn() + " torn bodies, e.g. " + scrapes.examples());
      }
      String at =
          prometheus
              .query("max(timestamp(up{job=\"statsbridge\"}))")
              .get(0)
              .path("value")
              .get(1)
              .asText();
      long rangeSeconds = (long) Double.parseDouble(at) - started / 1000 + 30;
      String range = rangeSeconds + "s";
      problems.addAll(failedScrapes(prometheus, range, at, started));
      CounterCheck.Result check =
          CounterCheck.check(
              ChaosConfig.CHECKED,
              simulator.datadog(),
              prometheus,
              storage.resolve("cursors.json"),
              range,
              at);
      problems.addAll(check.mismatches());
      simulator.faults().hangAll(false);
      if (!exporter.alive()) {
        problems.add("the exporter died: " + exporter.tail());
      }
      String line =
          "chaos seed=%d seconds=%d faults=%s reloads=%s storage_failures=%d restarts=%d series=%d mismatches=%d failed_scrapes=%d torn_bodies=%d/%d %s"
              .formatted(
                  seed,
                  seconds,
                  kinds("rate_limit", "server_error", "hang", "truncated", "garbage"),
                  kinds("reload_unchanged", "reload_changed", "sighup"),
                  counts.getOrDefault("storage_failure", 0),
                  counts.getOrDefault("restart", 0),
                  check.series(),
                  check.mismatches().size(),
                  problems.stream().filter(p -> p.startsWith("scrape failed")).count(),
                  scrapes.torn(),
                  scrapes.scrapes(),
                  problems.isEmpty() ? "OK" : "FAILED");
      return new Report(line, problems);
    }
  }

  private static boolean scraping(PrometheusServer prometheus) {
    try {
      return !prometheus.query("up{job=\"statsbridge\"}").isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Every kind once first, in an order drawn from the seed, so even a short run sees them all. */
  private Action pick() {
    if (firstRound == null) {
      firstRound = new ArrayList<>(List.of(Action.values()));
      for (int i = firstRound.size() - 1; i > 0; i--) {
        java.util.Collections.swap(firstRound, i, random.nextInt(i + 1));
      }
    }
    if (!firstRound.isEmpty()) {
      return firstRound.remove(0);
    }
    int total = 0;
    for (Action a : Action.values()) {
      total += a.weight;
    }
    int n = random.nextInt(total);
    for (Action a : Action.values()) {
      n -= a.weight;
      if (n < 0) {
        return a;
      }
    }
    throw new IllegalStateException();
  }

  private ChaosConfig act(
      Action action,
      Simulator simulator,
      ExporterProcess exporter,
      Path config,
      ChaosConfig current,
      List<String> problems)
      throws Exception {
    count(action.name().toLowerCase(java.util.Locale.ROOT));
    int times = 1 + random.nextInt(3);
    switch (action) {
      case RATE_LIMIT -> simulator.faults().inject(Fault.RATE_LIMIT, times);
      case SERVER_ERROR -> simulator.faults().inject(Fault.SERVER_ERROR, times);
      case HANG -> simulator.faults().inject(Fault.SLOW, times);
      case TRUNCATED -> simulator.faults().inject(Fault.MALFORMED, times);
      case GARBAGE -> simulator.faults().inject(Fault.GARBAGE, times);
      case RELOAD_UNCHANGED -> expect200(exporter.reload(), "unchanged reload", problems);
      case RELOAD_CHANGED -> {
        current = current.changed(random);
        Files.writeString(config, current.yaml(simulator));
        expect200(exporter.reload(), "changed reload", problems);
      }
      case SIGHUP -> {
        if (random.nextBoolean()) {
          current = current.changed(random);
          Files.writeString(config, current.yaml(simulator));
        }
        exporter.hangup();
      }
    }
    return current;
  }

  private static void expect200(int status, String what, List<String> problems) {
    if (status != 200) {
      problems.add(what + " answered " + status);
    }
  }

  private void count(String kind) {
    counts.merge(kind, 1, Integer::sum);
  }

  private String kinds(String... names) {
    return java.util.Arrays.stream(names)
        .map(n -> n + ":" + counts.getOrDefault(n, 0))
        .collect(Collectors.joining(","));
  }

  /** Scrapes Prometheus saw fail (up == 0) outside the restart gaps. */
  private List<String> failedScrapes(
      PrometheusServer prometheus, String range, String at, long started) throws Exception {
    List<String> out = new ArrayList<>();
    JsonNode series = prometheus.query("up{job=\"statsbridge\"}[" + range + "]", at);
    for (JsonNode s : series) {
      for (JsonNode sample : s.path("values")) {
        long ms = (long) (sample.get(0).asDouble() * 1000);
        if (ms < started || !sample.get(1).asText().equals("0")) {
          continue;
        }
        boolean inGap = gaps.stream().anyMatch(g -> ms >= g[0] - 1_000 && ms <= g[1] + 1_500);
        if (!inGap) {
          out.add("scrape failed at " + java.time.Instant.ofEpochMilli(ms) + " outside a restart");
        }
      }
    }
    return out;
  }

  /** Threads and open files of a settled process, to compare with after the chaos. */
  private record Baseline(ExporterProcess.Threads threads, int files) {
    static Baseline settle(ExporterProcess exporter) throws Exception {
      Thread.sleep(4_000);
      return new Baseline(exporter.threads(), exporter.openFiles());
    }

    /**
     * The most threads of each kind a running exporter has, whatever it went through: one
     * scheduler's timer and its workers, the HTTP pool, the bcrypt pool, the reload thread, the
     * render pool (one thread fewer than cores). A reload that left its scheduler behind, or polls
     * stuck after their deadline, go past them.
     */
    static final Map<String, Integer> BOUNDS =
        Map.of(
            "statsbridge-tim", 1,
            "statsbridge-pol", 8,
            "statsbridge-htt", 16,
            "statsbridge-aut", 2,
            "statsbridge-rel", 1,
            "statsbridge-ren", Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    /**
     * Waits up to 30s for the process to come back: each kind of own thread within its bound (or
     * its baseline), all threads and open files within a little of the baseline (JIT compiler
     * threads come and go; the HTTP client pools a few connections).
     */
    List<String> compare(ExporterProcess exporter) throws Exception {
      ExporterProcess.Threads t = null;
      int files = 0;
      for (int i = 0; i < 60; i++) {
        t = exporter.threads();
        files = exporter.openFiles();
        if (within(t) && t.total() <= threads.total() + 8 && files <= this.files + 8) {
          return List.of();
        }
        Thread.sleep(500);
      }
      return List.of(
          "threads or open files did not come back: own %s (baseline %s), all %d (%d), files %d (%d)"
              .formatted(t.own(), threads.own(), t.total(), threads.total(), files, this.files));
    }

    private boolean within(ExporterProcess.Threads now) {
      for (Map.Entry<String, Integer> e : now.own().entrySet()) {
        int bound =
            Math.max(BOUNDS.getOrDefault(e.getKey(), 0), threads.own().getOrDefault(e.getKey(), 0));
        if (e.getValue() > bound) {
          return false;
        }
      }
      return true;
    }
  }
}
