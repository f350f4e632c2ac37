package io.statsbridge.poll;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.store.Renderer;
import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.Renderers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** RunnerFactory built from YAML the way the exporter builds them, each owning a fresh state. */
final class Polls {
  static final RetryPolicy NO_RETRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  private Polls() {}

  static Config config(String yaml) throws ConfigException {
    return Providers.loaders().create(Map.<String, String>of()::get).parse("test.yml", yaml);
  }

  static List<QueryRunner> runners(String yaml, Clock clock, ResultStore store)
      throws ConfigException {
    return runners(yaml, clock, store, Renderers.shared());
  }

  static List<QueryRunner> runners(String yaml, Clock clock, ResultStore store, Renderer renderer)
      throws ConfigException {
    Config config = config(yaml);
    RunnerFactory factory = new RunnerFactory(store, clock, NO_RETRY, Sleeper.REAL);
    SourceContext context = new SourceContext(new OkHttpClient(), clock);
    List<QueryRunner> out = new ArrayList<>();
    for (QueryConfig q : config.queries()) {
      SourceConfig sc = config.sources().get(q.source());
      QueryRunner runner =
          factory.create(
              q,
              sc.type(),
              SourceProvider.of(sc)
                  .open(sc.name(), sc.settings(), context)
                  .bind(q.name(), q.spec()),
              QueryState.fresh(q, renderer));
      runner.claim();
      out.add(runner);
    }
    return out;
  }

  /** A runner of {@code q} on {@code state}, not yet owning it (as a reload builds it). */
  static QueryRunner successor(String yaml, Clock clock, ResultStore store, QueryState state)
      throws ConfigException {
    Config config = config(yaml);
    QueryConfig q = config.queries().get(0);
    SourceConfig sc = config.sources().get(q.source());
    return new RunnerFactory(store, clock, NO_RETRY, Sleeper.REAL)
        .create(
            q,
            sc.type(),
            SourceProvider.of(sc)
                .open(sc.name(), sc.settings(), new SourceContext(new OkHttpClient(), clock))
                .bind(q.name(), q.spec()),
            state);
  }
}
