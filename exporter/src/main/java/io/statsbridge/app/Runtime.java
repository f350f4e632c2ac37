package io.statsbridge.app;

import io.statsbridge.config.Config;
import io.statsbridge.poll.QueryRunner;
import io.statsbridge.poll.Scheduler;
import io.statsbridge.source.Source;
import java.util.List;
import java.util.Map;

/**
 * One config, running: its open sources, its runners and their scheduler. Built whole before it
 * replaces the previous one; immutable.
 */
record Runtime(
    Config config, Map<String, Source> sources, Scheduler scheduler, List<QueryRunner> runners) {
  Runtime {
    sources = Map.copyOf(sources);
    runners = List.copyOf(runners);
  }
}
