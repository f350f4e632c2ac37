package io.statsbridge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Reloads run on a thread of their own, one at a time, in the order asked: {@code POST /-/reload}
 * and SIGHUP wait for their turn without holding an HTTP thread while polls wind down. A reload
 * reads both the config and the web config; each keeps its running version when its new one is bad,
 * whatever the other's.
 */
public final class Reloads implements AutoCloseable {
  private final Supplier<List<String>> config;
  private final Supplier<List<String>> web;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "statsbridge-reload");
            t.setDaemon(true);
            return t;
          });

  /** What one reload came to: the problems of each part; none: reloaded. */
  public record Outcome(List<String> config, List<String> web) {
    public Outcome {
      config = List.copyOf(config);
      web = List.copyOf(web);
    }

    public List<String> problems() {
      List<String> all = new ArrayList<>(config);
      all.addAll(web);
      return all;
    }

    /** The answer's status: 500 when any part was not reloaded. */
    int status() {
      return problems().isEmpty() ? 200 : 500;
    }

    /** The answer's text, saying which part runs on as it was. */
    String text() {
      StringBuilder out = new StringBuilder();
      if (config.isEmpty()) {
        out.append("Configuration reloaded.\n");
      } else {
        out.append("Configuration not reloaded; the previous one keeps running:\n");
        config.forEach(p -> out.append(p).append('\n'));
      }
      if (!web.isEmpty()) {
        out.append("Web config not reloaded; the previous TLS and basic auth settings stay:\n");
        web.forEach(p -> out.append(p).append('\n'));
      }
      return out.toString();
    }
  }

  /**
   * @param config loads the config again; returns the problems, empty on success
   * @param web reads the web config again; returns the problems, empty on success
   */
  public Reloads(Supplier<List<String>> config, Supplier<List<String>> web) {
    this.config = config;
    this.web = web;
  }

  /** Queues a reload; the future completes with what it came to. */
  public CompletableFuture<Outcome> request() {
    return CompletableFuture.supplyAsync(() -> new Outcome(config.get(), web.get()), thread);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
