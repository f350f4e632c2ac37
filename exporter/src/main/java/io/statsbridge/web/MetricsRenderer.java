package io.statsbridge.web;

import io.prometheus.client.CollectorRegistry;
import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.Exposition;
import io.statsbridge.exposition.Exposition.Format;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.exposition.SamplesText;
import io.statsbridge.store.Counters;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.Rendered;
import io.statsbridge.store.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Assembles a scrape from chunks rendered when polls finished: per family one header and every
 * query's chunk, then the small self-metrics part rendered now. Nothing here waits on an upstream
 * or re-renders data rows.
 */
public final class MetricsRenderer {
  private record HeaderKey(MetricFamily family, Format format) {}

  /** A family's HELP and TYPE lines, as text and compressed. */
  private record Header(byte[] text, Chunk chunk) {}

  private final ResultStore store;
  private final Deliveries deliveries;
  private final Supplier<List<String>> queries;
  private final CollectorRegistry selfRegistry;
  private final Map<HeaderKey, Header> headers = new ConcurrentHashMap<>();

  /** How long the last scrape's self-metrics were: the next one's buffer, so it rarely grows. */
  private volatile int selfSize = 16 * 1024;

  public MetricsRenderer(
      ResultStore store,
      Deliveries deliveries,
      Supplier<List<String>> queries,
      CollectorRegistry selfRegistry) {
    this.store = store;
    this.deliveries = deliveries;
    this.queries = queries;
    this.selfRegistry = selfRegistry;
  }

  /**
   * One response.
   *
   * @param names the {@code name[]} filter; empty = everything
   * @param delivering whether the scrape hands windows to Prometheus: then each query's counters go
   *     out only with their cursor saved ({@link Deliveries#deliver}); a filtered scrape delivers
   *     every query of which it carries a counter family
   */
  Body render(Format format, boolean gzip, Set<String> names, boolean delivering) {
    Map<String, List<FamilyChunk>> byFamily = new TreeMap<>();
    Map<String, Counters> counters = new LinkedHashMap<>();
    for (String query : queries.get()) {
      collect(store.gauges(query).orElse(Rendered.EMPTY), byFamily, names);
      Counters c = store.counters(query);
      if (c.rendered().families().stream().anyMatch(f -> wanted(f, names))) {
        counters.put(query, c);
      }
    }
    Map<String, Counters> carried = delivering ? deliveries.deliver(counters) : counters;
    carried.values().forEach(c -> collect(c.rendered(), byFamily, names));
    Body.Builder body = new Body.Builder(gzip);
    for (List<FamilyChunk> chunks : byFamily.values()) {
      MetricFamily family = chunks.get(0).family();
      Header header = headers.computeIfAbsent(new HeaderKey(family, format), this::header);
      if (gzip) {
        body.chunk(header.chunk());
      } else {
        body.bytes(header.text());
      }
      for (FamilyChunk chunk : chunks) {
        body.chunk(chunk.chunk());
      }
    }
    TextBuffer self = self(format, names);
    if (gzip) {
      body.chunk(self.gzip());
    } else {
      body.bytes(self.utf8());
    }
    return body.build();
  }

  private Header header(HeaderKey key) {
    byte[] text = Exposition.header(key.family(), key.format());
    return new Header(text, Chunk.of(text));
  }

  private static void collect(
      Rendered rendered, Map<String, List<FamilyChunk>> byFamily, Set<String> names) {
    for (FamilyChunk chunk : rendered.families()) {
      if (wanted(chunk, names)) {
        byFamily.computeIfAbsent(chunk.family().name(), k -> new ArrayList<>()).add(chunk);
      }
    }
  }

  private static boolean wanted(FamilyChunk chunk, Set<String> names) {
    MetricFamily f = chunk.family();
    return names.isEmpty() || names.contains(f.name()) || names.contains(f.sampleName());
  }

  /**
   * statsbridge's own families, the JVM's and the cache's, spelled as the data is ({@link
   * SamplesText}); for OpenMetrics the body's one {@code # EOF}, since they come last.
   */
  private TextBuffer self(Format format, Set<String> names) {
    TextBuffer text = new TextBuffer(selfSize + 1024);
    try {
      SamplesText.write(
          text,
          format,
          names.isEmpty()
              ? selfRegistry.metricFamilySamples()
              : selfRegistry.filteredMetricFamilySamples(names));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a TextBuffer does not throw
    }
    if (format == Format.OPENMETRICS) {
      text.write("# EOF\n");
    }
    selfSize = text.length();
    return text;
  }
}
