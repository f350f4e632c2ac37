package io.statsbridge.bench;

import java.util.List;
import java.util.Map;

/** A whole run's figures: the machine, the empty exporter's memory, every size. */
record BenchRun(
    Map<String, String> machine,
    BenchOptions options,
    ChildExporter.Memory empty,
    List<SizeResult> sizes) {

  /** Live heap per series: heap after GC with the series held, less the empty exporter's. */
  double heapPerSeries(SizeResult size) {
    return (size.memory().heapUsedBytes() - empty.heapUsedBytes())
        / (double) size.workload().series();
  }
}
