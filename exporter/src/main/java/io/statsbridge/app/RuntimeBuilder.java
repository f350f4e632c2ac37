package io.statsbridge.app;

import io.statsbridge.config.Config;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.log.Fatal;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.log.Log;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.poll.QueryState;
import io.statsbridge.poll.RunnerFactory;
import io.statsbridge.poll.Scheduler;
import io.statsbridge.poll.Tasks;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.status.Shard;
import io.statsbridge.store.Cursor;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.Renderer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import okhttp3.OkHttpClient;

/**
 * Builds the runtime of a config, carrying over from the running one what did not change: an
 * unchanged source stays open, and a query whose fingerprint is unchanged keeps its windows,
 * counters and status. A query new to this process resumes from its saved cursor when the
 * fingerprint matches. Nothing runs or is published until {@link Reloader} swaps the result in.
 */
final class RuntimeBuilder {
  private static final Log LOG = Log.of(RuntimeBuilder.class);

  private final OkHttpClient http;
  private final RunnerFactory runners;

  /** How far past now a saved cursor may lie (clocks of two hosts, a small step) and be resumed. */
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

  private final Shard shard;
  private final IntFunction<Tasks> tasks;
  private final Clock clock;
  private final Deliveries deliveries;
  private final Fatal fatal;
  private final Renderer renderer;
  private final LiveRedactor redactor;

  /**
   * @param redactor the exporter's one redactor: each config's secrets join it before anything uses
   *     them, and sources add what they obtain
   */
  RuntimeBuilder(
      OkHttpClient http,
      RunnerFactory runners,
      Shard shard,
      IntFunction<Tasks> tasks,
      Clock clock,
      Deliveries deliveries,
      Fatal fatal,
      Renderer renderer,
      LiveRedactor redactor) {
    this.http = http;
    this.runners = runners;
    this.shard = shard;
    this.tasks = tasks;
    this.clock = clock;
    this.deliveries = deliveries;
    this.fatal = fatal;
    this.renderer = renderer;
    this.redactor = redactor;
  }

  /** The queries this replica polls. */
  Shard shard() {
    return shard;
  }

  /**
   * @param old the running runtime, if any
   * @throws RuntimeException when a source cannot be opened or a query bound; everything this call
   *     opened is closed again, and the running runtime is untouched
   */
  Runtime build(Config config, Optional<Runtime> old) {
    // First: whatever fails from here on is shown with these secrets masked.
    redactor.configured(config.secrets());
    SourceContext context = new SourceContext(http, clock, redactor);
    Map<String, Source> sources = new LinkedHashMap<>();
    Map<String, Source> opened = new LinkedHashMap<>();
    try {
      for (SourceConfig sc : config.sources().values()) {
        Optional<Source> reused =
            old.filter(o -> Objects.equals(o.config().sources().get(sc.name()), sc))
                .map(o -> o.sources().get(sc.name()));
        Source source =
            reused.orElseGet(
                () -> {
                  Source s = SourceProvider.of(sc).open(sc.name(), sc.settings(), context);
                  opened.put(sc.name(), s);
                  return s;
                });
        sources.put(sc.name(), source);
      }
      Map<String, QueryRunner> previous = new HashMap<>();
      old.ifPresent(o -> o.runners().forEach(r -> previous.put(r.config().name(), r)));
      List<QueryRunner> built = new ArrayList<>();
      for (QueryConfig q : config.queries()) {
        if (!shard.owns(q.name())) {
          continue;
        }
        SourceConfig sc = config.sources().get(q.source());
        built.add(
            runners.create(
                q,
                sc.type(),
                sources.get(q.source()).bind(q.name(), q.spec()),
                state(q, previous.get(q.name())),
                redactor));
      }
      return new Runtime(
          config, sources, new Scheduler(built, clock, tasks.apply(built.size()), fatal), built);
    } catch (RuntimeException e) {
      opened.values().forEach(Source::close);
      throw e;
    }
  }

  private QueryState state(QueryConfig q, QueryRunner previous) {
    if (previous != null) {
      return previous.config().fingerprint().equals(q.fingerprint())
          ? previous.state()
          : previous.state().successor(q, renderer);
    }
    Optional<Cursor> saved = deliveries.saved(q.name());
    if (saved.isPresent() && saved.get().fingerprint().equals(q.fingerprint())) {
      Instant end = saved.get().windowEnd();
      Instant now = clock.instant();
      if (end.isAfter(now.plus(FUTURE_TOLERANCE))) {
        // The clock stepped back, or the file came from elsewhere: waiting for the cursor would
        // poll nothing, maybe for days, and say nothing.
        LOG.warn(
            "saved window cursor lies in the future; the query starts fresh",
            "query",
            q.name(),
            "window_end",
            end,
            "now",
            now);
        return QueryState.fresh(q, renderer);
      }
      LOG.info(
          "resuming after the last window a scrape carried away", "query", q.name(), "from", end);
      return QueryState.resuming(q, end, renderer);
    }
    return QueryState.fresh(q, renderer);
  }

  /** Whether {@code runner} carries the state {@code old} ran with (same windows and counters). */
  static boolean carries(Runtime next, QueryRunner old) {
    return next.runners().stream().anyMatch(r -> r.state() == old.state());
  }
}
