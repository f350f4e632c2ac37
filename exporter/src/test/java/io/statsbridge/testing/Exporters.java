package io.statsbridge.testing;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
import io.statsbridge.demo.Simulator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/** Starts the whole exporter from YAML, on loopback, as the tests need it. */
public final class Exporters {
  private Exporters() {}

  /**
   * Options for a loopback port (0 = any), not yet polling: tests call startPolling or pollAllNow.
   */
  public static Options.Builder loopback(int port) {
    return Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .unscheduled();
  }

  /**
   * One Datadog query, {@code big}, of all the simulator's flows by service pair (up to 7,500
   * rows), with no delay.
   */
  public static String bigQuery(Simulator simulator) {
    return """
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries:
          - {name: big, source: sim, group_by: [client_service, server_service], limit: 7500, delay: 0s}
        """
        .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
  }

  public static App start(String yaml, Options.Builder options) throws Exception {
    return start(yaml, options.build());
  }

  public static App start(String yaml, Options options) throws Exception {
    return App.start(
        () -> Providers.loaders().create(Map.<String, String>of()::get).parse("test.yml", yaml),
        options);
  }
}
