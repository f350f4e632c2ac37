package io.statsbridge.testing;

import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.datadog.DatadogProvider;
import java.util.Optional;
import java.util.Set;

/**
 * Datadog, with a bug of ours planted where a test says: opening the source or polling it throws an
 * unchecked exception whose text quotes the source's secrets, as a JDK argument check does ({@code
 * duplicate element: …}).
 */
public final class FailingProvider implements SourceProvider {
  /** Where the planted bug throws. */
  public enum Where {
    NOWHERE,
    OPEN,
    FETCH
  }

  private final DatadogProvider datadog = new DatadogProvider();
  private volatile Where where;

  public FailingProvider(Where where) {
    this.where = where;
  }

  public void failAt(Where where) {
    this.where = where;
  }

  private static IllegalArgumentException bug(SourceSettings settings) {
    return new IllegalArgumentException("unexpected values: " + settings.secrets());
  }

  @Override
  public String type() {
    return datadog.type();
  }

  @Override
  public Set<String> queryKeys() {
    return datadog.queryKeys();
  }

  @Override
  public Optional<SourceSettings> parseSource(ConfigNode node) {
    return datadog.parseSource(node);
  }

  @Override
  public Optional<QuerySpec> parseQuery(ConfigNode node) {
    return datadog.parseQuery(node);
  }

  @Override
  public Source open(String name, SourceSettings settings, SourceContext context) {
    if (where == Where.OPEN) {
      throw bug(settings);
    }
    Source real = datadog.open(name, settings, context);
    return new Source() {
      @Override
      public SourceQuery bind(String queryName, QuerySpec spec) {
        SourceQuery query = real.bind(queryName, spec);
        return (window, deadline) -> {
          if (where == Where.FETCH) {
            throw bug(settings);
          }
          return query.fetch(window, deadline);
        };
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }
}
