package io.statsbridge.testing;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceQuery;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;

/** A source query built the way the exporter builds it: from YAML, through the real loader. */
public final class Sources {
  private Sources() {}

  /** The first query of {@code yaml}, bound to its opened source. */
  public static SourceQuery firstQuery(String yaml, Map<String, String> env, Clock clock)
      throws ConfigException {
    Config config = Providers.loaders().create(env::get).parse("test.yml", yaml);
    return open(config, new SourceContext(new OkHttpClient(), clock));
  }

  /**
   * As {@link #firstQuery(String, Map, Clock)}, opened with {@code context} (its shared client,
   * redactor and environment); the config's secrets join the context's redactor first, as they do
   * in the exporter.
   */
  public static SourceQuery firstQuery(String yaml, Map<String, String> env, SourceContext context)
      throws ConfigException {
    Config config = Providers.loaders().create(env::get).parse("test.yml", yaml);
    context.redactor().configured(config.secrets());
    return open(config, context);
  }

  private static SourceQuery open(Config config, SourceContext context) {
    QueryConfig q = config.queries().get(0);
    SourceConfig sc = config.sources().get(q.source());
    return SourceProvider.of(sc).open(sc.name(), sc.settings(), context).bind(q.name(), q.spec());
  }
}
