package io.statsbridge.selfmetrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Another collector's samples, collected at most once per {@code ttl} and shared by the scrapes in
 * between. The JVM's own collectors cost a scrape more CPU than the rest of a gzip scrape's work on
 * the server ({@code ThreadExports} takes a dump of every thread's state to count them): scrapes
 * that come more often than once a second (a pair of Prometheus, federation, a dashboard on {@code
 * /metrics}) share one collection.
 */
public final class CachingCollector extends Collector {
  /** How long the JVM's and the process' samples are shared. */
  public static final Duration JVM_TTL = Duration.ofSeconds(1);

  private record Collected(long at, List<MetricFamilySamples> samples) {}

  private final Collector delegate;
  private final long ttlNanos;
  private final LongSupplier ticker;
  private final AtomicReference<Collected> last = new AtomicReference<>();

  /**
   * @param ticker nanoseconds, as {@link System#nanoTime()}
   */
  public CachingCollector(Collector delegate, Duration ttl, LongSupplier ticker) {
    this.delegate = delegate;
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
  }

  /** The collectors simpleclient_hotspot's {@code DefaultExports} registers, each cached. */
  public static void registerJvm(CollectorRegistry registry, LongSupplier ticker) {
    for (Collector jvm :
        List.of(
            new StandardExports(),
            new MemoryPoolsExports(),
            new MemoryAllocationExports(),
            new BufferPoolsExports(),
            new GarbageCollectorExports(),
            new ThreadExports(),
            new ClassLoadingExports(),
            new VersionInfoExports())) {
      new CachingCollector(jvm, JVM_TTL, ticker).register(registry);
    }
  }

  @Override
  public List<MetricFamilySamples> collect() {
    long now = ticker.getAsLong();
    Collected collected = last.get();
    if (collected == null || now - collected.at() >= ttlNanos) {
      collected = new Collected(now, List.copyOf(delegate.collect()));
      last.set(collected);
    }
    return collected.samples();
  }
}
