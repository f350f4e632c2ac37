package io.statsbridge.app;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import io.prometheus.client.hotspot.DefaultExports;
import io.statsbridge.Version;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.log.Fatal;
import io.statsbridge.log.Log;
import io.statsbridge.metrics.SelfCollector;
import io.statsbridge.metrics.Telemetry;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.poll.QueryStatus;
import io.statsbridge.poll.RetryPolicy;
import io.statsbridge.poll.Runners;
import io.statsbridge.poll.Shard;
import io.statsbridge.poll.Sleeper;
import io.statsbridge.poll.Tasks;
import io.statsbridge.poll.ThreadTasks;
import io.statsbridge.store.CursorFile;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.ResultStore;
import io.statsbridge.web.ExporterHandler;
import io.statsbridge.web.MetricsRenderer;
import io.statsbridge.web.Reloads;
import io.statsbridge.web.WebConfig;
import io.statsbridge.web.WebControl;
import io.statsbridge.web.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import okhttp3.OkHttpClient;

/**
 * The running exporter: config → sources → scheduler → store → /metrics. Reloads swap the whole
 * runtime ({@link Reloader}); a bad config keeps the old runtime running.
 */
public final class App implements AutoCloseable, WebControl, Telemetry {
  private static final Log LOG = Log.of(App.class);

  /**
   * Tunables of the process (not of the config file).
   *
   * @param schedule whether the scheduler polls; tests and the benchmark turn it off and call
   *     {@link #pollAllNow} to decide exactly when polls happen
   * @param storage where window cursors are kept across restarts; empty: in memory only
   * @param lifecycle whether {@code POST /-/reload} is allowed ({@code --web.enable-lifecycle})
   * @param demo whether the queries poll the built-in simulator (the landing page says so)
   * @param tasks the scheduler's timer and workers, given the number of queries
   * @param fatal what a JVM error (out of memory …) does: by default, exit
   */
  public record Options(
      InetSocketAddress listen,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      boolean schedule,
      Shard shard,
      WebConfig web,
      Optional<Path> storage,
      boolean lifecycle,
      boolean demo,
      IntFunction<Tasks> tasks,
      Fatal fatal) {
    public static Builder builder(InetSocketAddress listen) {
      return new Builder(listen);
    }
  }

  /** Options with the production defaults, each changeable once. */
  public static final class Builder {
    private final InetSocketAddress listen;
    private Clock clock = Clock.systemUTC();
    private boolean schedule = true;
    private Shard shard = Shard.ALL;
    private WebConfig web = WebConfig.NONE;
    private Optional<Path> storage = Optional.empty();
    private boolean lifecycle;
    private boolean demo;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.REAL;
    private IntFunction<Tasks> tasks = queries -> new ThreadTasks(8, queries);
    private Fatal fatal = Fatal.EXIT;

    private Builder(InetSocketAddress listen) {
      this.listen = listen;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Polls only when {@link App#startPolling} or {@link App#pollAllNow} says so. */
    public Builder unscheduled() {
      this.schedule = false;
      return this;
    }

    public Builder shard(Shard shard) {
      this.shard = shard;
      return this;
    }

    public Builder web(WebConfig web) {
      this.web = web;
      return this;
    }

    public Builder storage(Optional<Path> storage) {
      this.storage = storage;
      return this;
    }

    /** Allows {@code POST /-/reload}, as {@code --web.enable-lifecycle} does. */
    public Builder lifecycle(boolean lifecycle) {
      this.lifecycle = lifecycle;
      return this;
    }

    public Builder demo(boolean demo) {
      this.demo = demo;
      return this;
    }

    public Builder retry(RetryPolicy retry, Sleeper sleeper) {
      this.retry = retry;
      this.sleeper = sleeper;
      return this;
    }

    public Builder fatal(Fatal fatal) {
      this.fatal = fatal;
      return this;
    }

    public Builder tasks(IntFunction<Tasks> tasks) {
      this.tasks = tasks;
      return this;
    }

    public Options build() {
      return new Options(
          listen, retry, sleeper, clock, schedule, shard, web, storage, lifecycle, demo, tasks,
          fatal);
    }
  }

  private final Options options;
  private final ResultStore store;
  private final OkHttpClient http;
  private final Reloader reloader;
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final WebServer web;
  private final Reloads reloads;
  private volatile boolean ready;

  private App(ConfigSource configs, Options options, Config config) throws IOException {
    this.options = options;
    this.store = new ResultStore(options.clock());
    Deliveries deliveries = deliveries(options.storage());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .followRedirects(false)
            .build();
    RuntimeBuilder builder =
        new RuntimeBuilder(
            http,
            new Runners(store, options.clock(), options.retry(), options.sleeper()),
            options.shard(),
            options.tasks(),
            options.clock(),
            deliveries,
            options.fatal());
    this.reloader =
        new Reloader(configs, builder, store, deliveries, options.clock(), options.schedule());
    // The runtime exists before anything reads it: collectors register by collecting once.
    reloader.start(config);
    DefaultExports.register(registry);
    CacheMetricsCollector caches = new CacheMetricsCollector();
    caches.addCache("statsbridge_results", store.gaugeCache());
    caches.register(registry);
    new SelfCollector(this).register(registry);
    MetricsRenderer renderer =
        new MetricsRenderer(
            store,
            () -> reloader.current().runners().stream().map(r -> r.config().name()).toList(),
            registry);
    this.reloads = new Reloads(reloader::reload);
    try {
      this.web =
          new WebServer(
              options.listen(),
              new ExporterHandler(
                  renderer,
                  this,
                  store,
                  deliveries,
                  reloads,
                  options.lifecycle(),
                  options.demo(),
                  options.clock(),
                  options.fatal()),
              options.web());
    } catch (IOException | RuntimeException e) {
      reloads.close();
      reloader.close();
      throw e;
    }
    LOG.info(
        "statsbridge started",
        "version",
        Version.VERSION,
        "address",
        web.address(),
        "queries",
        config.queries().size(),
        "storage",
        options.storage().map(Path::toString).orElse("none"));
  }

  private static Deliveries deliveries(Optional<Path> storage) throws IOException {
    if (storage.isEmpty()) {
      return Deliveries.inMemory();
    }
    CursorFile file = new CursorFile(storage.get());
    file.prepare();
    return Deliveries.stored(file);
  }

  /** Loads the config and starts polling and serving; throws if the config is invalid. */
  public static App start(ConfigSource configs, Options options)
      throws ConfigException, IOException {
    return new App(configs, options, configs.load());
  }

  public int port() {
    return web.port();
  }

  /** Reloads now, on the calling thread; returns the problems, empty on success. */
  public List<String> reload() {
    return reloader.reload();
  }

  /** Queues a reload on the reload thread (SIGHUP, {@code POST /-/reload}). */
  public CompletableFuture<List<String>> requestReload() {
    return reloads.request();
  }

  @Override
  public boolean ready() {
    if (!ready) {
      ready =
          reloader.current().runners().stream().allMatch(r -> r.status().lastOutcome().isPresent());
    }
    return ready;
  }

  @Override
  public List<QueryStatus> statuses() {
    return reloader.current().runners().stream().map(QueryRunner::status).toList();
  }

  @Override
  public int series(String query) {
    return store.gaugeSeries(query) + store.counters(query).rendered().series();
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
  public Shard shard() {
    return options.shard();
  }

  @Override
  public boolean lastReloadSuccessful() {
    return reloader.lastReloadSuccessful();
  }

  @Override
  public Optional<Instant> lastReloadSuccess() {
    return reloader.lastReloadSuccess();
  }

  /**
   * Starts the scheduler of an app built {@link Builder#unscheduled()}; tests use it to begin
   * polling only once Prometheus is known to scrape the exporter.
   */
  public void startPolling() {
    reloader.startPolling();
  }

  /** For tests and the benchmark: poll every query once, now, on the calling thread. */
  public void pollAllNow() {
    reloader.current().runners().forEach(QueryRunner::poll);
  }

  @Override
  public void close() {
    reloads.close();
    reloader.close();
    web.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    LOG.info("statsbridge stopped");
  }
}
