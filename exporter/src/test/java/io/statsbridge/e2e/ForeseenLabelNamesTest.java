package io.statsbridge.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.QueryConfig;
import io.statsbridge.demo.DemoConfig;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The label names a query's config foresees ({@code QuerySpec.labelNames()}, against which {@code
 * labels:} are checked) are those its rows get on /metrics: the config check is as complete as the
 * poll's. Every query of the demo, against the simulator.
 */
class ForeseenLabelNamesTest {
  @Test
  void everyLabelTheRowsGetWasForeseenByTheConfig() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC())) {
      Config config = DemoConfig.load(Providers.loaders(), simulator);
      try (App app = App.start(() -> config, Exporters.loopback(0).build())) {
        app.pollAllNow();
        String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
        int checked = 0;
        for (QueryConfig query : config.queries()) {
          List<String> foreseen = query.spec().labelNames();
          if (foreseen.isEmpty()) {
            continue; // Dynatrace v2: known from the answer only
          }
          Set<String> seen = new TreeSet<>();
          String head = "{query=\"" + query.name() + "\"";
          metrics
              .lines()
              .filter(l -> !l.startsWith("statsbridge_") && l.contains(head))
              .forEach(l -> seen.addAll(labelNames(l)));
          seen.remove("query");
          if (seen.isEmpty()) {
            continue; // no rows in the simulator's first window
          }
          assertTrue(foreseen.containsAll(seen), query.name() + ": " + seen + " ⊄ " + foreseen);
          checked++;
        }
        assertTrue(checked >= 4, "two datadog, a traffic ops, a dynatrace v1 query: " + checked);
      }
    }
  }

  /** The label names of one sample line, {@code name{a="…",b="…"} value}. */
  private static List<String> labelNames(String line) {
    List<String> names = new ArrayList<>();
    int i = line.indexOf('{') + 1;
    while (i > 0 && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      names.add(line.substring(i, eq));
      i = eq + 2; // past ="
      while (line.charAt(i) != '"') {
        i += line.charAt(i) == '\\' ? 2 : 1;
      }
      i++;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return names;
  }
}
