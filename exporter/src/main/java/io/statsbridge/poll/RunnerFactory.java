package io.statsbridge.poll;

import io.statsbridge.config.QueryConfig;
import io.statsbridge.log.Redactor;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.store.ResultStore;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** Builds runners with the shared retry machinery. */
public final class RunnerFactory {
  private final ResultStore store;
  private final Clock clock;
  private final Retrier retrier;

  public RunnerFactory(ResultStore store, Clock clock, RetryPolicy policy, Sleeper sleeper) {
    this.store = store;
    this.clock = clock;
    this.retrier = new Retrier(policy, clock, sleeper, RandomGenerator.getDefault());
  }

  public QueryRunner create(
      QueryConfig query, String sourceType, SourceQuery source, QueryState state) {
    return create(query, sourceType, source, state, Redactor.NONE);
  }

  /**
   * @param redactor masks the config's secrets in every error text the runner logs or shows
   */
  public QueryRunner create(
      QueryConfig query,
      String sourceType,
      SourceQuery source,
      QueryState state,
      Redactor redactor) {
    return new QueryRunner(query, sourceType, source, store, clock, retrier, state, redactor);
  }
}
