package io.statsbridge.app;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.Durations;
import io.statsbridge.log.Log;
import io.statsbridge.log.Redactor;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.source.Source;
import io.statsbridge.status.Shard;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.ResultStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Owns the running runtime and replaces it as one transaction: the new config is loaded and its
 * whole runtime built and opened first; only then are its runners made owners of their queries, the
 * old scheduler stopped and what the new runtime does not reuse closed. Any failure before the swap
 * leaves the old runtime polling, and is logged and reported.
 */
public final class Reloader {
  private static final Log LOG = Log.of(Reloader.class);

  private final ConfigSource configs;
  private final RuntimeBuilder builder;
  private final ResultStore store;
  private final Deliveries deliveries;
  private final Clock clock;
  private final boolean schedule;
  private final Redactor redactor;
  private final Duration loadTimeout;
  private volatile Runtime current;
  private volatile boolean lastOk;
  private volatile Instant lastSuccess;

  Reloader(
      ConfigSource configs,
      RuntimeBuilder builder,
      ResultStore store,
      Deliveries deliveries,
      Clock clock,
      boolean schedule,
      Redactor redactor,
      Duration loadTimeout) {
    this.configs = configs;
    this.builder = builder;
    this.store = store;
    this.deliveries = deliveries;
    this.clock = clock;
    this.schedule = schedule;
    this.redactor = redactor;
    this.loadTimeout = loadTimeout;
  }

  /** Builds and starts the first runtime. */
  synchronized void start(Config config) {
    Runtime first = builder.build(config, Optional.empty());
    swap(first);
    lastOk = true;
    lastSuccess = clock.instant();
    logShard(first);
  }

  Runtime current() {
    return current;
  }

  /** Loads the config again and swaps it in; returns the problems, empty on success. */
  public synchronized List<String> reload() {
    try {
      return loadAndSwap();
    } catch (RuntimeException e) {
      // A bug of ours: its text may quote a configured value, so it is masked like an upstream's.
      return failed(List.of("internal error: " + redactor.apply(e.toString())));
    }
  }

  private List<String> loadAndSwap() {
    Config config;
    try {
      config = loadWithin(loadTimeout);
    } catch (ConfigException e) {
      return failed(e.problems());
    } catch (TimeoutException e) {
      return failed(
          List.of(
              "the configuration did not load within "
                  + Durations.format(loadTimeout)
                  + ": a file it reads may never end (a FIFO without a writer, a hung network"
                  + " mount); the next reload starts afresh"));
    }
    Runtime next;
    try {
      next = builder.build(config, Optional.of(current));
    } catch (RuntimeException e) {
      // The builder made the new config's secrets known first: the text is masked whatever threw.
      String why = redactor.apply(describe(e));
      return failed(List.of("cannot start the new configuration: " + why));
    }
    swap(next);
    lastOk = true;
    lastSuccess = clock.instant();
    LOG.info("config reloaded", "queries", next.runners().size());
    logShard(next);
    return List.of();
  }

  /**
   * Loads the config on a thread of its own and waits at most {@code timeout}: a load that never
   * ends (a secret file that is a FIFO without a writer) is left behind, and neither this reload
   * nor the next waits for it.
   */
  private Config loadWithin(Duration timeout) throws ConfigException, TimeoutException {
    CompletableFuture<Config> load = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                load.complete(configs.load());
              } catch (Throwable e) {
                load.completeExceptionally(e);
              }
            },
            "statsbridge-config-load");
    loader.setDaemon(true);
    loader.start();
    try {
      return load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      loader.interrupt();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException c) {
        throw c;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * With {@code --shard}, which part of the configuration this replica polls: a shard may hold none
   * of the queries, and then nothing else tells it (its readiness, its log and its landing page
   * would look like a replica at work).
   */
  private void logShard(Runtime runtime) {
    Shard shard = builder.shard();
    if (shard.count() == 1) {
      return;
    }
    int polled = runtime.runners().size();
    String line =
        "shard %d/%d polls %d of %d queries"
            .formatted(shard.index(), shard.count(), polled, runtime.config().queries().size());
    if (polled == 0) {
      LOG.warn(line + ": this replica exports only its own metrics");
    } else {
      LOG.info(line);
    }
  }

  private List<String> failed(List<String> problems) {
    lastOk = false;
    for (String problem : problems) {
      LOG.error("config reload failed; keeping the running config", "problem", problem);
    }
    return problems;
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void swap(Runtime next) {
    Runtime old = current;
    next.runners().forEach(QueryRunner::claim);
    if (old != null) {
      old.scheduler().close();
      Set<String> names =
          next.runners().stream().map(r -> r.config().name()).collect(Collectors.toSet());
      for (QueryRunner r : old.runners()) {
        if (!RuntimeBuilder.carries(next, r) || !names.contains(r.config().name())) {
          store.remove(r.config().name());
        }
      }
      Set<Source> kept =
          java.util.Collections.newSetFromMap(new IdentityHashMap<Source, Boolean>());
      kept.addAll(next.sources().values());
      old.sources().values().stream().filter(s -> !kept.contains(s)).forEach(Source::close);
    }
    current = next;
    deliveries.retain(
        next.runners().stream().map(r -> r.config().name()).collect(Collectors.toSet()));
    if (schedule) {
      next.scheduler().start();
    }
  }

  /** Starts polling of a runtime built unscheduled (tests decide when polls begin). */
  public synchronized void startPolling() {
    current.scheduler().start();
  }

  public boolean lastReloadSuccessful() {
    return lastOk;
  }

  public Optional<Instant> lastReloadSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  /** Stops polling and closes every source. */
  public synchronized void close() {
    Runtime r = current;
    if (r != null) {
      r.scheduler().close();
      r.sources().values().forEach(Source::close);
    }
  }
}
