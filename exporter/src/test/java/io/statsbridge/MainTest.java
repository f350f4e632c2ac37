package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.ConfigLoader;
import io.statsbridge.testing.FailingProvider;
import io.statsbridge.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndVersionExitZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--web.listen-address"));
    assertEquals(0, run("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("statsbridge 0.1.0"));
  }

  @Test
  void badUsageExitsTwoWithTheReason() {
    assertEquals(2, run("--frobnicate"));
    assertTrue(err().startsWith("statsbridge: unknown flag --frobnicate"), err());
    assertEquals(2, run("--log.level=loud"));
    assertTrue(err().contains("--log.level must be one of debug, info, warn, error"), err());
    assertEquals(2, run("--web.listen-address=nowhere"));
    assertEquals(2, run("--config.file"));
    assertEquals(2, run("--shard=5/3"));
    assertTrue(err().contains("--shard index must be from 0 to count-1 (got 5/3)"), err());
  }

  @Test
  void checkConfigListsEveryProblemAndExitsOne() throws Exception {
    Path file = dir.resolve("statsbridge.yml");
    Files.writeString(
        file,
        """
        sources:
          dd: {type: datadog, api_key: "${STATSBRIDGE_TEST_SECRET}", app_key: k, colour: red}
        queries:
          - {name: q, source: dd, limit: 9000}
        """);
    assertEquals(1, run("--check-config", "--config.file=" + file));
    assertTrue(err().contains(file + ": sources.dd.colour: unknown key"), err());
    assertTrue(err().contains(file + ": queries[0].limit: must be at most 7500 (got 9000)"), err());
    assertFalse(err().contains("s3cr3t-from-env"), "the secret from the environment leaked");
    assertFalse(err().contains("Exception"), err());
  }

  @Test
  void checkConfigAcceptsAGoodFile() throws Exception {
    Path file = dir.resolve("ok.yml");
    Files.writeString(
        file,
        """
        sources:
          dd: {type: datadog, site: datadoghq.eu, api_key: "${STATSBRIDGE_TEST_SECRET}", app_key: k}
        queries:
          - {name: q, source: dd, group_by: [client_service]}
        """);
    assertEquals(0, run("--check-config", "--config.file", file.toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("OK (1 sources, 1 queries)"));
  }

  @Test
  void aBadWebConfigExitsOneNamingTheProblem() throws Exception {
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users: {admin: hunter2}\n");
    assertEquals(1, run("--demo", "--web.listen-address=127.0.0.1:0", "--web.config.file=" + web));
    assertTrue(err().contains(web + ": basic_auth_users.admin: must be a bcrypt hash"), err());
    assertFalse(err().contains("hunter2"));
  }

  @Test
  void aMissingConfigFileExitsOneWithoutAStackTraceAndNamesTheDemo() {
    assertEquals(1, run("--config.file=" + dir.resolve("absent.yml")));
    assertTrue(err().contains("absent.yml: cannot read config file: file not found"), err());
    assertTrue(err().contains("try statsbridge without an account: --demo"), err());
    assertFalse(err().contains("\tat "), err());
    assertFalse(err().contains("Exception"), err());
  }

  @Test
  void theDemoTakesNoConfigFile() throws Exception {
    Path file = dir.resolve("statsbridge.yml");
    Files.writeString(file, "sources: {}\n");
    assertEquals(2, run("--demo", "--config.file=" + file));
    assertTrue(err().contains("--demo runs its own built-in configuration"), err());
  }

  @Test
  void anAddressInUseIsSaidInWords() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(1, run("--demo", "--web.listen-address=127.0.0.1:" + taken.getLocalPort()));
    }
    assertTrue(
        err().contains("address already in use: another process listens on 127.0.0.1:"), err());
    assertFalse(err().contains("Exception"), err());
    assertFalse(err().contains("/0.0.0.0"), err());
  }

  @Test
  void checkConfigAcceptsTwoEqualSecrets() throws Exception {
    Path file = dir.resolve("equal.yml");
    Files.writeString(
        file,
        """
        sources:
          dd: {type: datadog, api_key: &key equal-api-and-app-key-0123456789, app_key: *key}
        queries:
          - {name: q, source: dd, group_by: [client_service]}
        """);
    assertEquals(0, run("--check-config", "--config.file=" + file));
    assertFalse(err().contains("equal-api"), err());
  }

  /** A renewed certificate beside the old key: refused before anything listens. */
  @Test
  void aKeyThatDoesNotBelongToTheCertificateIsRefusedNamingBothFiles() throws Exception {
    HeldCertificate renewed =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    HeldCertificate old =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(cert, renewed.certificatePem());
    Files.writeString(key, old.privateKeyPkcs8Pem());
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config: {cert_file: tls.crt, key_file: tls.key}\n");
    Path config = dir.resolve("statsbridge.yml");
    Files.writeString(
        config,
        """
        sources:
          dd: {type: datadog, api_key: a-key-for-the-test, app_key: an-app-key-for-the-test}
        queries:
          - {name: q, source: dd, group_by: [client_service]}
        """);
    assertEquals(1, run("--check-config", "--config.file=" + config, "--web.config.file=" + web));
    String checked = err();
    err.reset();
    assertEquals(
        1,
        run(
            "--config.file=" + config,
            "--web.config.file=" + web,
            "--web.listen-address=127.0.0.1:0"));
    for (String said : List.of(checked, err())) {
      assertTrue(said.contains(web + ": tls_server_config: "), said);
      assertTrue(said.contains(key.toString()) && said.contains(cert.toString()), said);
      assertTrue(said.contains("does not match"), said);
      assertFalse(said.contains("Exception"), said);
    }
  }

  /** Start fails with a bug of ours whose text quotes both keys, as Set.of's did. */
  @Test
  void anUnexpectedErrorAtStartShowsNoConfiguredSecret() throws Exception {
    Path file = dir.resolve("statsbridge.yml");
    Files.writeString(
        file,
        """
        sources:
          dd: {type: datadog, api_key: "${STATSBRIDGE_TEST_KEY}", app_key: app-key-fedcba9876543210}
        queries:
          - {name: q, source: dd, group_by: [client_service]}
        """);
    ConfigLoader.Factory failing =
        env ->
            new ConfigLoader(
                List.of(new FailingProvider(FailingProvider.Where.OPEN)),
                Map.of("STATSBRIDGE_TEST_KEY", "api-key-0123456789abcdef")::get);
    try (LogCapture logs = new LogCapture()) {
      assertEquals(
          1,
          Main.run(
              new String[] {"--config.file=" + file, "--web.listen-address=127.0.0.1:0"},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              failing));
      String said = err() + logs.text();
      assertTrue(
          err()
              .contains(
                  "statsbridge: cannot start: internal error: java.lang.IllegalArgumentException:"
                      + " unexpected values: [<secret>, <secret>]"),
          said);
      assertFalse(said.contains("api-key-0123"), said);
      assertFalse(said.contains("app-key-fedc"), said);
    }
  }
}
