package io.statsbridge.testing;

import io.statsbridge.app.App;
import io.statsbridge.config.ConfigLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/** Starts the whole exporter from YAML, on loopback, as the tests need it. */
public final class Exporters {
  private Exporters() {}

  /**
   * Options for a loopback port (0 = any), not yet polling: tests call startPolling or pollAllNow.
   */
  public static App.Builder loopback(int port) {
    return App.Options.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .unscheduled();
  }

  public static App start(String yaml, App.Builder options) throws Exception {
    return start(yaml, options.build());
  }

  public static App start(String yaml, App.Options options) throws Exception {
    return App.start(
        () ->
            ConfigLoader.Factory.serviceLoader()
                .create(Map.<String, String>of()::get)
                .parse("test.yml", yaml),
        options);
  }
}
