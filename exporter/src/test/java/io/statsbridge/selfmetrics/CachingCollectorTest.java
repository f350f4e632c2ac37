package io.statsbridge.selfmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingCollectorTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong ticker = new AtomicLong(5_000 * MS);
  private final AtomicInteger collections = new AtomicInteger();

  /** Counts its collections, and says so in its samples. */
  private final Collector counting =
      new Collector() {
        @Override
        public List<MetricFamilySamples> collect() {
          int n = collections.incrementAndGet();
          return List.of(
              new GaugeMetricFamily("x_collections", "Collections so far.", n),
              new GaugeMetricFamily("y_other", "Another family.", 1));
        }
      };

  private String scrape(CollectorRegistry registry, Set<String> names) throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.write004(
        out,
        names.isEmpty()
            ? registry.metricFamilySamples()
            : registry.filteredMetricFamilySamples(names));
    return out.toString();
  }

  @Test
  void scrapesWithinTheTtlShareOneCollection() throws Exception {
    CollectorRegistry registry = new CollectorRegistry(true);
    new CachingCollector(counting, Duration.ofSeconds(1), ticker::get).register(registry);
    int atRegistration = collections.get();

    String first = scrape(registry, Set.of());
    ticker.addAndGet(999 * MS);
    String second = scrape(registry, Set.of());
    String filtered = scrape(registry, Set.of("x_collections"));

    assertEquals(first, second);
    assertEquals(atRegistration, collections.get(), "no collection within the second");
    assertTrue(filtered.contains("x_collections "), filtered);
    assertTrue(!filtered.contains("y_other"), "the name[] filter still applies: " + filtered);

    ticker.addAndGet(MS);
    String third = scrape(registry, Collections.emptySet());

    assertEquals(atRegistration + 1, collections.get());
    assertTrue(third.contains("x_collections " + (atRegistration + 1) + ".0"), third);
  }

  @Test
  void theJvmFamiliesAreAllThere() throws Exception {
    CollectorRegistry cached = new CollectorRegistry(true);
    CachingCollector.registerJvm(cached, ticker::get);
    CollectorRegistry plain = new CollectorRegistry(true);
    io.prometheus.client.hotspot.DefaultExports.register(plain);

    assertEquals(families(plain), families(cached));
  }

  private static List<String> families(CollectorRegistry registry) {
    return Collections.list(registry.metricFamilySamples()).stream()
        .map(f -> f.name)
        .sorted()
        .toList();
  }
}
