package io.statsbridge.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest rendered results of every query, shared between poll threads (writers) and scrapes
 * (readers). Gauges live in Caffeine and expire {@code 3 × interval} after the poll that wrote
 * them, so a failing query's levels leave /metrics on their own; counters stay until their series
 * TTL, which the poller enforces.
 */
public final class ResultStore {
  private record GaugeEntry(Rendered rendered, Duration ttl) {}

  private final Cache<String, GaugeEntry> gauges;
  private final ConcurrentMap<String, Counters> counters = new ConcurrentHashMap<>();

  /**
   * @param ticker monotonic time for the gauges' expiry ({@link Ticker#systemTicker()}): a step of
   *     the wall clock must not expire them, nor keep them alive
   */
  public ResultStore(Ticker ticker) {
    this.gauges =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfter(Expiry.writing((String query, GaugeEntry entry) -> entry.ttl()))
            .recordStats()
            .build();
  }

  /** For simpleclient_caffeine's collector. */
  public Cache<String, ?> gaugeCache() {
    return gauges;
  }

  public void putGauges(String query, Rendered rendered, Duration ttl) {
    gauges.put(query, new GaugeEntry(rendered, ttl));
  }

  public void putCounters(String query, Counters published) {
    counters.put(query, published);
  }

  /** The query's gauges if its last success is recent enough. */
  public Optional<Rendered> gauges(String query) {
    GaugeEntry entry = gauges.getIfPresent(query);
    return entry == null ? Optional.empty() : Optional.of(entry.rendered());
  }

  /** Like {@link #gauges} without counting a cache lookup (for self-metrics and the page). */
  public boolean gaugesFresh(String query) {
    return gauges.policy().getIfPresentQuietly(query) != null;
  }

  /** The query's series by sample name, gauges and counters (without counting a lookup). */
  public Map<String, Integer> seriesByFamily(String query) {
    Map<String, Integer> out = new TreeMap<>();
    GaugeEntry entry = gauges.policy().getIfPresentQuietly(query);
    List<FamilyChunk> chunks = new ArrayList<>(counters(query).rendered().families());
    if (entry != null) {
      chunks.addAll(entry.rendered().families());
    }
    chunks.forEach(c -> out.merge(c.family().sampleName(), c.series(), Integer::sum));
    return out;
  }

  public Counters counters(String query) {
    return counters.getOrDefault(query, Counters.EMPTY);
  }

  public void remove(String query) {
    gauges.invalidate(query);
    counters.remove(query);
  }
}
