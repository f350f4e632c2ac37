package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README is documentation users copy from: its example config and commands must work. */
class ReadmeTest {
  static final Path ROOT = Path.of("..");

  @Test
  void exampleConfigLoads(@TempDir Path dir) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("# statsbridge.yml\n");
    String yaml = readme.substring(start, readme.indexOf("```", start));
    Path appKey = dir.resolve("dd_app_key");
    Files.writeString(appKey, "k");
    Config config =
        Providers.loaders()
            .create(Map.of("DD_API_KEY", "x")::get)
            .parse("README.md", yaml.replace("/run/secrets/dd_app_key", appKey.toString()));
    assertEquals("service_to_service", config.queries().get(0).name());
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains("```sh\nscripts/test\n```"));
    assertTrue(
        Files.readString(ROOT.resolve(".ci/run")).lines().anyMatch(l -> l.equals("scripts/test")));
    assertTrue(
        readme.contains(
            "java -XX:+ExitOnOutOfMemoryError -jar exporter/target/statsbridge.jar --demo"));
  }
}
