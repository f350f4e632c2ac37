package io.statsbridge.app;

import io.statsbridge.poll.QueryRunner;
import io.statsbridge.status.ExporterStatus;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.status.Shard;
import io.statsbridge.status.StorageStatus;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.ResultStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The running exporter's status, as the landing page, readiness and self-metrics read it. */
final class LiveStatus implements ExporterStatus {
  private final Reloader reloader;
  private final ResultStore store;
  private final Shard shard;
  private final Deliveries deliveries;
  private volatile boolean ready;

  LiveStatus(Reloader reloader, ResultStore store, Shard shard, Deliveries deliveries) {
    this.reloader = reloader;
    this.store = store;
    this.shard = shard;
    this.deliveries = deliveries;
  }

  @Override
  public StorageStatus storage() {
    return deliveries.status();
  }

  /**
   * Ready once every query has finished a poll, or resumed a cursor that was up to date (it has
   * nothing to poll before its next window: a rolling update must not wait for that); it stays
   * ready after that.
   */
  @Override
  public boolean ready() {
    if (!ready) {
      ready = reloader.current().runners().stream().allMatch(QueryRunner::ready);
    }
    return ready;
  }

  @Override
  public List<QueryStatus> statuses() {
    return reloader.current().runners().stream().map(QueryRunner::status).toList();
  }

  @Override
  public int configuredQueries() {
    return reloader.current().config().queries().size();
  }

  @Override
  public Map<String, Integer> seriesByFamily(String query) {
    return store.seriesByFamily(query);
  }

  @Override
  public boolean fresh(String query) {
    return store.gaugesFresh(query);
  }

  @Override
  public Map<String, OptionalDouble> rateLimitRemaining() {
    Map<String, OptionalDouble> out = new LinkedHashMap<>();
    reloader
        .current()
        .sources()
        .forEach((name, source) -> out.put(name, source.rateLimitRemaining()));
    return out;
  }

  @Override
  public boolean lastReloadSuccessful() {
    return reloader.lastReloadSuccessful();
  }

  @Override
  public Optional<Instant> lastReloadSuccess() {
    return reloader.lastReloadSuccess();
  }

  @Override
  public Shard shard() {
    return shard;
  }
}
