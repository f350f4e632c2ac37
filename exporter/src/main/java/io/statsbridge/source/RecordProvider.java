package io.statsbridge.source;

import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.SourceSettings;
import java.util.Optional;
import java.util.Set;

/**
 * The skeleton every provider shares: its source and query keys are the components of two records,
 * bound with unknown keys refused; a provider writes only the checks between the keys and how it
 * opens a client.
 *
 * @param <S> the {@code sources.<name>} keys
 * @param <Q> the provider's query keys
 */
public abstract class RecordProvider<S extends Record, Q extends Record> implements SourceProvider {
  private final String type;
  private final Class<S> sourceFields;
  private final Class<Q> queryFields;

  protected RecordProvider(String type, Class<S> sourceFields, Class<Q> queryFields) {
    this.type = type;
    this.sourceFields = sourceFields;
    this.queryFields = queryFields;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final Set<String> queryKeys() {
    return ConfigNode.keysOf(queryFields);
  }

  @Override
  public final Optional<SourceSettings> parseSource(ConfigNode node) {
    return node.bind(sourceFields).flatMap(f -> settings(node, f));
  }

  @Override
  public final Optional<QuerySpec> parseQuery(ConfigNode node) {
    return node.bind(queryFields).flatMap(f -> spec(node, f));
  }

  /** The source's settings from its bound keys; empty (with problems recorded) when invalid. */
  protected abstract Optional<SourceSettings> settings(ConfigNode node, S fields);

  /** A query's spec from its bound keys; empty (with problems recorded) when invalid. */
  protected abstract Optional<QuerySpec> spec(ConfigNode node, Q fields);
}
