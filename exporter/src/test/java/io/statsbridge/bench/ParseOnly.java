package io.statsbridge.bench;

import io.statsbridge.demo.Simulator;
import io.statsbridge.source.datadog.DatadogBench;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The parse share of a poll: CPU time of statsbridge's Datadog parser alone (JSON → rows) over one
 * answer of the workload's first query, median of several runs.
 */
record ParseOnly(long bodyBytes, int rows, double cpuMillis) {
  static ParseOnly measure(Simulator simulator, Workload workload, Instant end, int runs)
      throws Exception {
    String body =
        new String(
            UpstreamRows.answer(simulator, workload.groupBy(0), end), StandardCharsets.UTF_8);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] cpu = new double[runs];
    for (int i = 0; i < runs + 3; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      DatadogBench.parse(body, workload.groupBy(0), 7500);
      if (i >= 3) { // the first runs warm the JIT
        cpu[i - 3] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
      }
    }
    Arrays.sort(cpu);
    return new ParseOnly(
        body.getBytes(StandardCharsets.UTF_8).length, workload.rows(), cpu[runs / 2]);
  }
}
