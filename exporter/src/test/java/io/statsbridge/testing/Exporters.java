package io.statsbridge.testing;

import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.app.Providers;
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

  public static App start(String yaml, Options.Builder options) throws Exception {
    return start(yaml, options.build());
  }

  public static App start(String yaml, Options options) throws Exception {
    return App.start(
        () -> Providers.loaders().create(Map.<String, String>of()::get).parse("test.yml", yaml),
        options);
  }
}
