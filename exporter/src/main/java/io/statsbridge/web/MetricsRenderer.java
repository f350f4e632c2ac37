package io.statsbridge.web;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.Exposition;
import io.statsbridge.exposition.Exposition.Format;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.store.Counters;
import io.statsbridge.store.Cursor;
import io.statsbridge.store.FamilyChunk;
import io.statsbridge.store.Rendered;
import io.statsbridge.store.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
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
  private final Supplier<List<String>> queries;
  private final CollectorRegistry selfRegistry;
  private final Map<HeaderKey, Header> headers = new ConcurrentHashMap<>();

  /** How long the last scrape's self-metrics were: the next one's buffer, so it rarely grows. */
  private volatile int selfSize = 16 * 1024;

  public MetricsRenderer(
      ResultStore store, Supplier<List<String>> queries, CollectorRegistry selfRegistry) {
    this.store = store;
    this.queries = queries;
    this.selfRegistry = selfRegistry;
  }

  /**
   * One response: the body as parts to write in order, and the cursor of every query whose counters
   * it carries.
   */
  record Scrape(Body body, Map<String, Cursor> cursors) {}

  /**
   * @param names the {@code name[]} filter; empty = everything
   */
  Scrape render(Format format, boolean gzip, Set<String> names) {
    Map<String, List<FamilyChunk>> byFamily = new TreeMap<>();
    Map<String, Cursor> cursors = new HashMap<>();
    for (String query : queries.get()) {
      collect(store.gauges(query).orElse(Rendered.EMPTY), byFamily, names);
      Counters counters = store.counters(query);
      collect(counters.rendered(), byFamily, names);
      if (names.isEmpty()) {
        counters.cursor().ifPresent(c -> cursors.put(query, c));
      }
    }
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
    return new Scrape(body.build(), cursors);
  }

  private Header header(HeaderKey key) {
    byte[] text = Exposition.header(key.family(), key.format());
    return new Header(text, Chunk.of(text));
  }

  private static void collect(
      Rendered rendered, Map<String, List<FamilyChunk>> byFamily, Set<String> names) {
    for (FamilyChunk chunk : rendered.families()) {
      MetricFamily f = chunk.family();
      if (names.isEmpty() || names.contains(f.name()) || names.contains(f.sampleName())) {
        byFamily.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(chunk);
      }
    }
  }

  private TextBuffer self(Format format, Set<String> names) {
    TextBuffer text = new TextBuffer(selfSize + 1024);
    String contentType =
        format == Format.OPENMETRICS
            ? TextFormat.CONTENT_TYPE_OPENMETRICS_100
            : TextFormat.CONTENT_TYPE_004;
    try {
      TextFormat.writeFormat(
          contentType,
          text,
          names.isEmpty()
              ? selfRegistry.metricFamilySamples()
              : selfRegistry.filteredMetricFamilySamples(names));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a TextBuffer does not throw
    }
    selfSize = text.length();
    return text;
  }
}
