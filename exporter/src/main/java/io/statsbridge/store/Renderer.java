package io.statsbridge.store;

import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.ChunkWriter;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SeriesLabels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Renders series × families into one compressed chunk per family: the once-per-poll work of a
 * scrape. Series are written in label order, so neighbouring lines share most of their bytes and
 * compress well, and every scrape shows them in the same order.
 *
 * <p>Compression is most of a poll's CPU, so large renders run one family per task on a small pool
 * that leaves a core to the HTTP server: a poll then never takes every core from the scrapes it
 * serves, and the poll thread only waits. The exporter owns one renderer and closes it last; a
 * render that finds the pool closed (a poll finishing during shutdown) runs on its own thread.
 */
public final class Renderer implements AutoCloseable {
  /** Values of series {@code s} for family slot {@code f}; NaN = no sample. */
  interface Values {
    double get(int series, int family);
  }

  /** Renders smaller than this many samples are cheaper done than handed over. */
  static final int INLINE_SAMPLES = 4096;

  private final ExecutorService pool;

  /** Renders so far: the engine's tests hold a commit to one render of each table's families. */
  private final LongAdder renders = new LongAdder();

  private Renderer(ExecutorService pool) {
    this.pool = pool;
  }

  /** A renderer with one thread fewer than the machine has cores, and at least one. */
  public static Renderer start() {
    return new Renderer(pool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
  }

  Rendered render(List<MetricFamily> families, List<SeriesLabels> labels, Values values) {
    renders.increment();
    int[] order = inLabelOrder(labels);
    List<FamilyChunk> out = new ArrayList<>(families.size());
    if ((long) families.size() * labels.size() < INLINE_SAMPLES) {
      for (int f = 0; f < families.size(); f++) {
        add(out, render(families.get(f), f, labels, order, values));
      }
      return new Rendered(out);
    }
    List<Future<FamilyChunk>> tasks = new ArrayList<>(families.size());
    for (int f = 0; f < families.size(); f++) {
      int family = f;
      Callable<FamilyChunk> task =
          () -> render(families.get(family), family, labels, order, values);
      tasks.add(submit(task));
    }
    for (Future<FamilyChunk> task : tasks) {
      add(out, done(task));
    }
    return new Rendered(out);
  }

  /** How many times a set of families was rendered (one call per table or counter shape). */
  public long renders() {
    return renders.sum();
  }

  /** Indexes of {@code labels} in label order. */
  private int[] inLabelOrder(List<SeriesLabels> labels) {
    Comparator<Integer> byLabels = (a, b) -> labels.get(a).compareTo(labels.get(b));
    return IntStream.range(0, labels.size())
        .boxed()
        .sorted(byLabels)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private Future<FamilyChunk> submit(Callable<FamilyChunk> task) {
    try {
      return pool.submit(task);
    } catch (RejectedExecutionException closed) {
      FutureTask<FamilyChunk> here = new FutureTask<>(task);
      here.run();
      return here;
    }
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  private FamilyChunk render(
      MetricFamily family, int f, List<SeriesLabels> labels, int[] order, Values values) {
    byte[] name = family.sampleName().getBytes(StandardCharsets.UTF_8);
    int series = 0;
    try (ChunkWriter out = ChunkWriter.open()) {
      for (int s : order) {
        double v = values.get(s, f);
        if (!Double.isNaN(v)) {
          out.sample(name, labels.get(s), v);
          series++;
        }
      }
      Chunk chunk = out.finish();
      return series == 0 ? null : new FamilyChunk(family, chunk, series);
    }
  }

  private static void add(List<FamilyChunk> out, FamilyChunk chunk) {
    if (chunk != null) {
      out.add(chunk);
    }
  }

  /**
   * The task's chunk, waited for through interrupts: a render takes milliseconds, and the store
   * must never publish half of one.
   */
  private static FamilyChunk done(Future<FamilyChunk> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("rendering failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread t = new Thread(task, "statsbridge-render-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
