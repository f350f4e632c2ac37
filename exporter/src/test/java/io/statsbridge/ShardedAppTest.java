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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                  .contains("statsbridge_shard_info{index=\"" + index + "\",count=\"3\",} 1.0"));
        }
      }
      assertEquals(12, polled.size());
      assertEquals(12, polled.stream().distinct().count());
    }
  }
}
