package io.statsbridge.demo;

import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The built-in config of {@code --demo}, loaded through the same loader as a user's file. */
public final class DemoConfig {
  static final String RESOURCE = "statsbridge-demo.yml";

  private DemoConfig() {}

  public static String yaml() {
    try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Config load(ConfigLoader.Factory loaders, Simulator simulator)
      throws ConfigException {
    Map<String, String> env =
        Map.of(
            "STATSBRIDGE_DEMO_URL", simulator.url(),
            "STATSBRIDGE_DEMO_API_KEY", Simulator.DEMO_API_KEY,
            "STATSBRIDGE_DEMO_APP_KEY", Simulator.DEMO_APP_KEY,
            "STATSBRIDGE_DEMO_TO_USER", TrafficOpsSimulator.USER,
            "STATSBRIDGE_DEMO_TO_PASSWORD", TrafficOpsSimulator.PASSWORD,
            "STATSBRIDGE_DEMO_DT_TOKEN", DynatraceSimulator.TOKEN);
    return loaders.create(env::get).parse("demo config", yaml());
  }
}
