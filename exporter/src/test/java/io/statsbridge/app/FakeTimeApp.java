package io.statsbridge.app;

import io.statsbridge.config.ConfigLoader;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.ManualTasks;
import io.statsbridge.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole exporter, scheduled on fake time: its config is a string the test can change before a
 * reload, its ticks run when the test moves the clock, and its HTTP is real.
 */
final class FakeTimeApp implements AutoCloseable {
  final MutableClock clock;
  final AtomicReference<String> yaml;
  private final List<ManualTasks> schedulers = new ArrayList<>();
  final App app;

  FakeTimeApp(
      MutableClock clock, String yaml, List<SourceProvider> providers, Optional<Path> storage)
      throws Exception {
    this.clock = clock;
    this.yaml = new AtomicReference<>(yaml);
    ConfigLoader loader = new ConfigLoader(providers, Map.<String, String>of()::get);
    this.app =
        App.start(
            () -> loader.parse("test.yml", this.yaml.get()),
            Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .clock(clock)
                .storage(storage)
                .lifecycle(true)
                .tasks(
                    queries -> {
                      ManualTasks t = new ManualTasks(clock);
                      synchronized (schedulers) {
                        schedulers.add(t);
                      }
                      return t;
                    })
                .build());
  }

  /** Moves time on, running the ticks of the scheduler now in charge. */
  void advance(Duration d) {
    ManualTasks current;
    synchronized (schedulers) {
      current = schedulers.get(schedulers.size() - 1);
    }
    current.advance(d);
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  /** A scrape as Prometheus makes it (it announces its scrape timeout). */
  /** A scrape as Prometheus makes it, of the families {@code names} only. */
  String prometheusScrape(String... names) {
    StringBuilder query = new StringBuilder();
    for (String name : names) {
      query.append(query.length() == 0 ? "?" : "&").append("name[]=").append(name);
    }
    return Http.get(url("/metrics" + query), "X-Prometheus-Scrape-Timeout-Seconds", "10").body();
  }

  /** A scrape as a person's curl makes it. */
  String curl() {
    return Http.get(url("/metrics")).body();
  }

  /** The exporter's own lines of a scrape, without the reload ones, sorted. */
  List<String> selfMetrics(String body) {
    return body.lines()
        .filter(l -> l.startsWith("statsbridge_"))
        .filter(l -> !l.startsWith("statsbridge_config_last_reload"))
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    app.close();
  }
}
