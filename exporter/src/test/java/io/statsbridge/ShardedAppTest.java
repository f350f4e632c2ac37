package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.status.Shard;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Three replicas with one config: each query is polled by exactly one of them. */
class ShardedAppTest {
  @Test
  void replicasSplitTheQueriesWithoutOverlapOrGaps() throws Exception {
    StringBuilder yaml = new StringBuilder();
    try (Simulator simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC())) {
      yaml.append(
          """
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
          queries:
          """
              .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY));
      for (int i = 0; i < 12; i++) {
        yaml.append("  - {name: q")
            .append(i)
            .append(", source: sim, group_by: [client_service], delay: 0s}\n");
      }
      List<String> polled = new ArrayList<>();
      for (int index = 0; index < 3; index++) {
        try (App app =
            App.start(
                () ->
                    Providers.loaders()
                        .create(Map.<String, String>of()::get)
                        .parse("s.yml", yaml.toString()),
                Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .unscheduled()
                    .shard(new Shard(index, 3))
                    .build())) {
          app.pollAllNow();
          for (QueryStatus s : app.statuses()) {
            polled.add(s.query());
            assertEquals(index, Shard.of(s.query(), 3));
          }
          assertTrue(
              Http.get("http://127.0.0.1:" + app.port() + "/metrics")
                  .body()
                  .contains("statsbridge_shard_info{index=\"" + index + "\",count=\"3\"} 1\n"));
        }
      }
      assertEquals(12, polled.size());
      assertEquals(12, polled.stream().distinct().count());
    }
  }

  private static String config(Simulator simulator, int queries) {
    StringBuilder yaml =
        new StringBuilder(
            """
            sources:
              sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            queries:
            """
                .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY));
    for (int i = 0; i < queries; i++) {
      yaml.append("  - {name: q").append(i).append(", source: sim, group_by: [client_service]}\n");
    }
    return yaml.toString();
  }

  @Test
  void aShardWithNoQueriesSaysSoInItsLogPageMetricsAndReadiness() throws Exception {
    int empty = 1 - Shard.of("q0", 2); // with one query, the other shard of two has none
    AtomicReference<String> yaml = new AtomicReference<>();
    try (Simulator simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC());
        LogCapture log = new LogCapture()) {
      yaml.set(config(simulator, 1));
      try (App app =
          App.start(
              () ->
                  Providers.loaders()
                      .create(Map.<String, String>of()::get)
                      .parse("s.yml", yaml.get()),
              Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                  .unscheduled()
                  .shard(new Shard(empty, 2))
                  .build())) {
        String base = "http://127.0.0.1:" + app.port();
        assertTrue(
            log.text()
                .contains(
                    "level=warn logger=Reloader msg=\"shard "
                        + empty
                        + "/2 polls 0 of 1 queries: this replica exports only its own metrics\""),
            log.text());
        assertTrue(log.text().contains(" queries=0 "), log.text());

        String metrics = Http.get(base + "/metrics").body();
        assertTrue(metrics.contains("\nstatsbridge_queries_polled 0\n"), metrics);
        assertTrue(metrics.contains("\nstatsbridge_queries_configured 1\n"), metrics);

        HttpResponse<String> ready = Http.get(base + "/-/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("Ready; no queries on this shard.\n", ready.body());

        String page = Http.get(base + "/").body();
        assertTrue(page.contains("<strong>No queries on this shard:</strong> none of the 1"), page);
        assertTrue(page.contains("belongs to shard " + empty + "/2 (--shard)"), page);

        yaml.set(config(simulator, 12));
        assertEquals(List.of(), app.reload());
        int owned = app.statuses().size();
        assertTrue(owned > 0 && owned < 12, "owned " + owned);
        assertTrue(
            log.text()
                .contains(
                    "level=info logger=Reloader msg=\"shard "
                        + empty
                        + "/2 polls "
                        + owned
                        + " of 12 queries\""),
            log.text());
        metrics = Http.get(base + "/metrics").body();
        assertTrue(metrics.contains("\nstatsbridge_queries_polled " + owned + "\n"), metrics);
        assertTrue(metrics.contains("\nstatsbridge_queries_configured 12\n"), metrics);
        assertTrue(
            Http.get(base + "/").body().contains(": this replica polls " + owned + " of the 12"));
      }
    }
  }
}
