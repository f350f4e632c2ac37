package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statsbridge.app.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relative {@code *_file} name starts from the config file's folder, as web.yml's and Prometheus'
 * do, not from wherever the exporter was started; problems name the resolved file.
 */
class RelativeFilesTest {
  @TempDir Path dir;
  private Path folder;

  @BeforeEach
  void configFolderAwayFromTheWorkingDirectory() throws Exception {
    folder = Files.createDirectories(dir.resolve("etc/statsbridge"));
    Files.createDirectories(folder.resolve("secrets"));
  }

  private static ConfigLoader loader() {
    return Providers.loaders().create(Map.<String, String>of()::get);
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(folder.resolve("statsbridge.yml"), yaml);
  }

  private static final String DATADOG =
      """
      sources:
        dd: {type: datadog, api_key_file: secrets/api_key, app_key_file: ./secrets/../secrets/app_key}
      queries: [{name: q, source: dd}]
      """;

  @Test
  void relativeSecretFilesAreReadFromTheConfigFilesFolder() throws Exception {
    Files.writeString(folder.resolve("secrets/api_key"), "api-key-from-the-folder\n");
    Files.writeString(folder.resolve("secrets/app_key"), "app-key-from-the-folder\n");
    Config config = loader().load(config(DATADOG));
    assertEquals(List.of("api-key-from-the-folder", "app-key-from-the-folder"), config.secrets());
  }

  @Test
  void aMissingRelativeSecretFileIsNamedByItsResolvedPath() throws Exception {
    Files.writeString(folder.resolve("secrets/app_key"), "app-key-from-the-folder\n");
    Path file = config(DATADOG);
    assertEquals(
        List.of(
            file
                + ": sources.dd.api_key_file: cannot read secret file "
                + folder.resolve("secrets/api_key")
                + ": file not found"),
        assertThrows(ConfigException.class, () -> loader().load(file)).problems());
  }

  @Test
  void aRelativeConfigFileNameStillResolvesFromItsOwnFolder() throws Exception {
    Files.writeString(folder.resolve("secrets/api_key"), "api-key-from-the-folder\n");
    Files.writeString(folder.resolve("secrets/app_key"), "app-key-from-the-folder\n");
    Path relative = Path.of("").toAbsolutePath().relativize(config(DATADOG));
    assertEquals(
        List.of("api-key-from-the-folder", "app-key-from-the-folder"),
        loader().load(relative).secrets());
  }

  @Test
  void aRelativeTrafficOpsCaFileIsReadFromTheConfigFilesFolderAndNamedResolved() throws Exception {
    String yaml =
        """
        sources:
          cdn: {type: traffic_ops, url: "https://to", username: ops, password: p, tls: {ca_file: %s}}
        queries: [{name: a, source: cdn, cdns: [x]}]
        """;
    Files.writeString(
        folder.resolve("ca.pem"),
        new HeldCertificate.Builder().certificateAuthority(0).build().certificatePem());
    assertEquals(1, loader().load(config(yaml.formatted("ca.pem"))).sources().size());

    Path file = config(yaml.formatted("certs/absent.pem"));
    assertEquals(
        List.of(
            file
                + ": sources.cdn.tls.ca_file: cannot read PEM certificates from "
                + folder.resolve("certs/absent.pem")
                + ": file not found"),
        assertThrows(ConfigException.class, () -> loader().load(file)).problems());
  }

  /** Config text without a file (the demo's, a test's) has no folder: the working directory. */
  @Test
  void textWithoutAFileResolvesAgainstTheWorkingDirectory() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "key-beside-the-working-directory");
    String relative = Path.of("").toAbsolutePath().relativize(key).toString();
    String yaml =
        """
        sources:
          dd: {type: datadog, api_key_file: %s, app_key_file: %s}
        queries: [{name: q, source: dd}]
        """;
    assertEquals(
        List.of("key-beside-the-working-directory", "key-beside-the-working-directory"),
        loader().parse("text", yaml.formatted(relative, relative)).secrets());
    assertEquals(
        List.of(
            "text: sources.dd.app_key_file: cannot read secret file "
                + dir.resolve("absent")
                + ": file not found"),
        assertThrows(
                ConfigException.class,
                () -> loader().parse("text", yaml.formatted(relative, relative + "/../absent")))
            .problems());
  }
}
