package io.statsbridge;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import io.prometheus.client.hotspot.DefaultExports;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.log.Log;
import io.statsbridge.metrics.SelfCollector;
import io.statsbridge.metrics.Telemetry;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.poll.QueryStatus;
import io.statsbridge.poll.RetryPolicy;
import io.statsbridge.poll.Runners;
import io.statsbridge.poll.Scheduler;
import io.statsbridge.poll.Shard;
import io.statsbridge.poll.Sleeper;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.store.ResultStore;
import io.statsbridge.web.MetricsRenderer;
import io.statsbridge.web.WebConfig;
import io.statsbridge.web.WebControl;
import io.statsbridge.web.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The running exporter: config → sources → scheduler → store → /metrics. Reloads swap the whole
 * runtime, carrying each unchanged query's windows and counters over; a bad config keeps the old
 * runtime running.
 */
public final class App implements AutoCloseable, WebControl, Telemetry {
  private static final Log LOG = Log.of(App.class);

  /** Where configs come from: a file, or the demo's built-in one. */
  @FunctionalInterface
  public interface ConfigSource {
    Config load() throws ConfigException;
  }

  /** Tunables of the process (not of the config file). */
  /**
   * @param schedule whether the scheduler polls; tests and the benchmark turn it off and call
   *     {@link #pollAllNow} to decide exactly when polls happen
   */
  public record Options(
      InetSocketAddress listen,
      int workers,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      boolean schedule,
      Shard shard,
      WebConfig web) {
    public static Options defaults(InetSocketAddress listen) {
      return new Options(
          listen,
          8,
          RetryPolicy.DEFAULT,
          Sleeper.REAL,
          Clock.systemUTC(),
          true,
          Shard.ALL,
          WebConfig.NONE);
    }

    public Options withClock(Clock clock) {
      return new Options(listen, workers, retry, sleeper, clock, schedule, shard, web);
    }

    public Options unscheduled() {
      return new Options(listen, workers, retry, sleeper, clock, false, shard, web);
    }

    public Options withShard(Shard shard) {
      return new Options(listen, workers, retry, sleeper, clock, schedule, shard, web);
    }

    public Options withWeb(WebConfig web) {
      return new Options(listen, workers, retry, sleeper, clock, schedule, shard, web);
    }
  }

  private record Runtime(
      Config config, Map<String, Source> sources, Scheduler scheduler, List<QueryRunner> runners) {}

  private final ConfigSource configSource;
  private final Options options;
  private final ResultStore store;
  private final OkHttpClient http;
  private final Runners runnerFactory;
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final WebServer web;
  private volatile Runtime runtime;
  private volatile boolean ready;
  private volatile boolean lastReloadOk;
  private volatile Instant lastReloadSuccess;

  private App(ConfigSource configSource, Options options, Config config) throws IOException {
    this.configSource = configSource;
    this.options = options;
    this.store = new ResultStore(options.clock());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .followRedirects(false)
            .build();
    this.runnerFactory = new Runners(store, options.clock(), options.retry(), options.sleeper());
    DefaultExports.register(registry);
    CacheMetricsCollector caches = new CacheMetricsCollector();
    caches.addCache("statsbridge_results", store.gaugeCache());
    caches.register(registry);
    this.runtime = build(config, null);
    new SelfCollector(this).register(registry);
    this.lastReloadOk = true;
    this.lastReloadSuccess = options.clock().instant();
    MetricsRenderer renderer =
        new MetricsRenderer(
            store, () -> runtime.runners().stream().map(r -> r.config().name()).toList(), registry);
    this.web =
        new WebServer(options.listen(), renderer, this, store, options.clock(), options.web());
    if (options.schedule()) {
      runtime.scheduler().start();
    }
    LOG.info(
        "statsbridge started",
        "version",
        Version.VERSION,
        "address",
        web.address(),
        "queries",
        config.queries().size());
  }

  /** Loads the config and starts polling and serving; throws if the config is invalid. */
  public static App start(ConfigSource configSource, Options options)
      throws ConfigException, IOException {
    return new App(configSource, options, configSource.load());
  }

  public int port() {
    return web.port();
  }

  private Runtime build(Config config, Runtime old) {
    Map<String, Source> sources = new LinkedHashMap<>();
    SourceContext context = new SourceContext(http, options.clock());
    for (SourceConfig sc : config.sources().values()) {
      Source reused =
          old != null && Objects.equals(old.config().sources().get(sc.name()), sc)
              ? old.sources().get(sc.name())
              : null;
      sources.put(
          sc.name(),
          reused != null ? reused : sc.provider().open(sc.name(), sc.settings(), context));
    }
    Map<String, QueryRunner> oldRunners = new HashMap<>();
    if (old != null) {
      old.runners().forEach(r -> oldRunners.put(r.config().name(), r));
    }
    List<QueryRunner> runners = new ArrayList<>();
    for (QueryConfig q : config.queries()) {
      if (!options.shard().owns(q.name())) {
        continue;
      }
      SourceConfig sc = config.sources().get(q.source());
      QueryRunner previous = oldRunners.get(q.name());
      boolean unchanged =
          previous != null
              && previous.config().equals(q)
              && Objects.equals(old.config().sources().get(q.source()), sc);
      QueryRunner.State state = unchanged ? previous.state() : new QueryRunner.State(q.name());
      runners.add(
          runnerFactory.create(
              q, sc.type(), sources.get(q.source()).bind(q.name(), q.spec()), state));
    }
    return new Runtime(
        config, sources, new Scheduler(runners, options.clock(), options.workers()), runners);
  }

  @Override
  public synchronized List<String> reload() {
    Config config;
    try {
      config = configSource.load();
    } catch (ConfigException e) {
      lastReloadOk = false;
      for (String problem : e.problems()) {
        LOG.error("config reload failed; keeping the running config", "problem", problem);
      }
      return e.problems();
    }
    Runtime old = runtime;
    old.scheduler().close();
    Runtime next = build(config, old);
    for (QueryRunner r : old.runners()) {
      boolean carried = next.runners().stream().anyMatch(n -> n.state() == r.state());
      if (!carried) {
        store.remove(r.config().name());
      }
    }
    runtime = next;
    if (options.schedule()) {
      next.scheduler().start();
    }
    lastReloadOk = true;
    lastReloadSuccess = options.clock().instant();
    LOG.info("config reloaded", "queries", config.queries().size());
    return List.of();
  }

  @Override
  public boolean ready() {
    if (!ready) {
      ready = runtime.runners().stream().allMatch(r -> r.status().lastOutcome().isPresent());
    }
    return ready;
  }

  @Override
  public List<QueryStatus> statuses() {
    return runtime.runners().stream().map(QueryRunner::status).toList();
  }

  @Override
  public int series(String query) {
    return store.gaugeSeries(query) + store.counters(query).series();
  }

  @Override
  public boolean fresh(String query) {
    return store.gaugesFresh(query);
  }

  @Override
  public Map<String, OptionalDouble> rateLimitRemaining() {
    Map<String, OptionalDouble> out = new LinkedHashMap<>();
    runtime.sources().forEach((name, source) -> out.put(name, source.rateLimitRemaining()));
    return out;
  }

  @Override
  public Shard shard() {
    return options.shard();
  }

  @Override
  public boolean lastReloadSuccessful() {
    return lastReloadOk;
  }

  @Override
  public Optional<Instant> lastReloadSuccess() {
    return Optional.ofNullable(lastReloadSuccess);
  }

  /**
   * Starts the scheduler of an app created with {@link Options#unscheduled()}; tests use it to
   * begin polling only once Prometheus is known to scrape the exporter.
   */
  public synchronized void startPolling() {
    runtime.scheduler().start();
  }

  /** For tests and the benchmark: poll every query once, now, on the calling thread. */
  public void pollAllNow() {
    runtime.runners().forEach(QueryRunner::poll);
  }

  @Override
  public void close() {
    runtime.scheduler().close();
    web.close();
    runtime.sources().values().forEach(Source::close);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    LOG.info("statsbridge stopped");
  }
}
