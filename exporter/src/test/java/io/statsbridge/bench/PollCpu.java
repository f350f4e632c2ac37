package io.statsbridge.bench;

import io.statsbridge.app.App;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of whole polls: the thread that runs {@code pollAllNow} (HTTP, parse, convert; large
 * families are rendered on the render pool meanwhile), and the process less the simulator's threads
 * (which answer in the same JVM), so the render pool and the JIT and GC work the poll causes are
 * counted too. The first poll (every series new) is reported apart; then as many polls as are
 * measured run unmeasured, so that the JIT's compilations for this size are behind them (they
 * doubled the process figure of the polls right after the first, and an exporter runs for weeks);
 * the figures are the medians of the polls after those, one simulated minute apart.
 */
record PollCpu(
    double firstThreadMillis,
    double threadMillis,
    double processMillis,
    double threadAllocatedBytes) {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  static PollCpu measure(App app, MutableClock clock, Workload workload, int polls) {
    double first = poll(app, workload)[0];
    for (int i = 0; i < polls; i++) {
      clock.advance(Duration.ofMinutes(1));
      poll(app, workload);
    }
    double[] thread = new double[polls];
    double[] process = new double[polls];
    double[] allocated = new double[polls];
    for (int i = 0; i < polls; i++) {
      clock.advance(Duration.ofMinutes(1));
      double[] cpu = poll(app, workload);
      thread[i] = cpu[0];
      process[i] = cpu[1];
      allocated[i] = cpu[2];
    }
    return new PollCpu(first, median(thread), median(process), median(allocated));
  }

  /** One poll: {thread ms, process-less-simulator ms, bytes the thread allocated}. */
  private static double[] poll(App app, Workload workload) {
    Map<Long, Long> simulatorBefore = simulatorCpu();
    long process0 = OS.getProcessCpuTime();
    long thread0 = THREADS.getCurrentThreadCpuTime();
    long allocated0 = THREADS.getCurrentThreadAllocatedBytes();
    app.pollAllNow();
    long thread = THREADS.getCurrentThreadCpuTime() - thread0;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated0;
    long process = OS.getProcessCpuTime() - process0;
    long simulator = 0;
    for (Map.Entry<Long, Long> e : simulatorCpu().entrySet()) {
      simulator += e.getValue() - simulatorBefore.getOrDefault(e.getKey(), 0L);
    }
    for (QueryStatus status : app.statuses()) {
      if (status.lastOutcome().orElse(null) != Outcome.SUCCESS) {
        throw new IllegalStateException(
            "poll of " + status.query() + " did not succeed: " + status.lastError());
      }
    }
    int rows = app.statuses().stream().mapToInt(QueryStatus::rows).sum();
    if (rows != workload.rows() * workload.queries()) {
      throw new IllegalStateException(
          "a poll returned " + rows + " rows, expected " + workload.rows() * workload.queries());
    }
    return new double[] {thread / 1e6, (process - simulator) / 1e6, allocated};
  }

  private static Map<Long, Long> simulatorCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("statsbridge-simulator")) {
        cpu.put(t.getThreadId(), THREADS.getThreadCpuTime(t.getThreadId()));
      }
    }
    return cpu;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
