package io.statsbridge.app;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.log.Log;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.poll.RunnerFactory;
import io.statsbridge.selfmetrics.CachingCollector;
import io.statsbridge.selfmetrics.SelfCollector;
import io.statsbridge.status.BuildInfo;
import io.statsbridge.status.ExporterStatus;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.store.CursorFile;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.Renderer;
import io.statsbridge.store.ResultStore;
import io.statsbridge.web.ExporterHandler;
import io.statsbridge.web.LiveWebConfig;
import io.statsbridge.web.MetricsRenderer;
import io.statsbridge.web.ReloadHosts;
import io.statsbridge.web.Reloads;
import io.statsbridge.web.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The running exporter, wired: config → sources → scheduler → store → /metrics. Building and
 * replacing the runtime is {@link Reloader}'s and {@link RuntimeBuilder}'s; what the exporter says
 * about itself is {@link LiveStatus}'s.
 */
public final class App implements AutoCloseable {
  private static final Log LOG = Log.of(App.class);

  private final OkHttpClient http;
  private final Reloader reloader;
  private final ExporterStatus status;
  private final LiveWebConfig webConfig;
  private final Reloads reloads;
  private final WebServer web;
  private final Renderer renderer;
  private final Deliveries deliveries;

  private App(ConfigSource configs, Options options, Config config) throws IOException {
    ResultStore store = new ResultStore(options.ticker());
    this.renderer = Renderer.start();
    this.deliveries = deliveries(options.storage(), options.clock());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .followRedirects(false)
            .build();
    RuntimeBuilder builder =
        new RuntimeBuilder(
            http,
            new RunnerFactory(store, options.clock(), options.retry(), options.sleeper()),
            options.shard(),
            options.tasks(),
            options.clock(),
            deliveries,
            options.fatal(),
            renderer,
            options.redactor());
    this.reloader =
        new Reloader(
            configs,
            builder,
            store,
            deliveries,
            options.clock(),
            options.schedule(),
            options.redactor(),
            options.configLoadTimeout());
    // The runtime exists before anything reads it: collectors register by collecting once.
    reloader.start(config);
    this.status = new LiveStatus(reloader, store, options.shard(), deliveries);
    CollectorRegistry registry = new CollectorRegistry(true);
    CachingCollector.registerJvm(registry, System::nanoTime);
    CacheMetricsCollector caches = new CacheMetricsCollector();
    caches.addCache("statsbridge_results", store.gaugeCache());
    caches.register(registry);
    new SelfCollector(status).register(registry);
    MetricsRenderer metrics =
        new MetricsRenderer(
            store,
            deliveries,
            () -> reloader.current().runners().stream().map(r -> r.config().name()).toList(),
            registry);
    this.webConfig =
        options
            .webFile()
            .map(file -> LiveWebConfig.watching(file, options.web(), options.clock()))
            .orElseGet(() -> LiveWebConfig.fixed(options.web()));
    this.reloads = new Reloads(reloader::reload, webConfig::reload);
    try {
      this.web =
          new WebServer(
              options.listen(),
              new ExporterHandler(
                  metrics,
                  status,
                  reloads,
                  options.lifecycle(),
                  ReloadHosts.of(
                      options.listen(),
                      options.reloadAllowedHosts(),
                      // Looked up only where reloads are allowed: the lookup may be slow.
                      options.lifecycle() ? ReloadHosts.machineNames() : List.of()),
                  options.demo(),
                  options.clock(),
                  options.fatal()),
              webConfig);
    } catch (IOException | RuntimeException e) {
      reloads.close();
      reloader.close();
      renderer.close();
      deliveries.close();
      throw e;
    }
    LOG.info(
        "statsbridge started",
        "version",
        BuildInfo.VERSION,
        "address",
        hostPort(web.address()),
        "queries",
        reloader.current().runners().size(),
        "storage",
        options.storage().map(Path::toString).orElse("none"));
  }

  /**
   * {@code 0.0.0.0:9873}, {@code [::1]:9873}, {@code localhost:9873}: as the address is given on
   * the command line, not as {@link InetSocketAddress#toString} writes it ({@code /0.0.0.0:9873}).
   */
  static String hostPort(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + compressed(host) + "]" : host) + ":" + address.getPort();
  }

  /**
   * An IPv6 address as RFC 5952 writes it: Java spells {@code ::1} as {@code 0:0:0:0:0:0:0:1}; the
   * longest run of two or more zero groups (the first of equal runs) becomes {@code ::}.
   */
  static String compressed(String ipv6) {
    int percent = ipv6.indexOf('%');
    String scope = percent < 0 ? "" : ipv6.substring(percent);
    String[] groups = (percent < 0 ? ipv6 : ipv6.substring(0, percent)).split(":", -1);
    if (groups.length != 8) {
      return ipv6; // already compressed, or not an address Java wrote
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int run = 0;
      while (i + run < groups.length && groups[i + run].equals("0")) {
        run++;
      }
      if (run > bestLength) {
        bestStart = i;
        bestLength = run;
      }
    }
    if (bestStart < 0) {
      return ipv6;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    return head + "::" + tail + scope;
  }

  private static Deliveries deliveries(Optional<Path> storage, Clock clock) throws IOException {
    if (storage.isEmpty()) {
      return Deliveries.inMemory();
    }
    CursorFile file = new CursorFile(storage.get());
    file.prepare(clock.instant());
    return Deliveries.stored(file, clock);
  }

  /** Loads the config and starts polling and serving; throws if the config is invalid. */
  public static App start(ConfigSource configs, Options options)
      throws ConfigException, IOException {
    return new App(configs, options, configs.load());
  }

  public int port() {
    return web.port();
  }

  public ExporterStatus status() {
    return status;
  }

  /** Every query's status; a shorthand of {@code status().statuses()}. */
  public List<QueryStatus> statuses() {
    return status.statuses();
  }

  /**
   * Reloads the config and the web config now, on the calling thread; returns the problems, empty
   * on success.
   */
  public List<String> reload() {
    return new Reloads.Outcome(reloader.reload(), webConfig.reload()).problems();
  }

  /** Queues a reload on the reload thread (SIGHUP, {@code POST /-/reload}). */
  public CompletableFuture<List<String>> requestReload() {
    return reloads.request().thenApply(Reloads.Outcome::problems);
  }

  /**
   * Starts the scheduler of an app built {@link Options.Builder#unscheduled()}; tests use it to
   * begin polling only once Prometheus is known to scrape the exporter.
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
    renderer.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    deliveries.stopped();
    deliveries.close();
    LOG.info("statsbridge stopped");
  }
}
