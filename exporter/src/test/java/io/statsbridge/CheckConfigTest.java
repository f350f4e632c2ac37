package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-config} as CI runs it: without the secrets (variables unset, secret files not
 * mounted), and with the {@code --storage.path} the exporter will be given.
 */
class CheckConfigTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Its secrets as production has them: a variable CI does not set, a file CI does not mount. */
  private Path config(String queryKeys) throws Exception {
    return Files.writeString(
        dir.resolve("statsbridge.yml"),
        """
        sources:
          dd: {type: datadog, api_key: "${STATSBRIDGE_CI_UNSET_KEY}", app_key_file: secrets/app_key}
          dt: {type: dynatrace, url: "https://abc123.live.dynatrace.com", api_token: "${STATSBRIDGE_TEST_SECRET}"}
        queries:
          - {name: q, source: dd, group_by: [client_service]%s}
        """
            .formatted(queryKeys));
  }

  @Test
  void withoutSecretsAConfigWhoseSecretsAreAbsentPassesAndSaysWhatWasNotChecked() throws Exception {
    Path file = config("");
    assertEquals(0, run("--check-config", "--check-config.skip-secrets", "--config.file=" + file));
    assertEquals(
        List.of(
            file + ": OK (2 sources, 1 queries); not checked without secrets: 2",
            file
                + ": sources.dd.api_key: not checked: environment variable"
                + " STATSBRIDGE_CI_UNSET_KEY is not set",
            file
                + ": sources.dd.app_key_file: not checked: "
                + dir.resolve("secrets/app_key")
                + ": file not found"),
        out().lines().toList());
    assertEquals("", err());
    assertFalse(out().contains("s3cr3t-from-env"), "a secret that was set leaked");
  }

  @Test
  void withoutSecretsEverythingElseIsStillChecked() throws Exception {
    Path file = config(", interval: 5 minutes, colour: red");
    assertEquals(1, run("--check-config", "--check-config.skip-secrets", "--config.file=" + file));
    assertEquals(
        List.of(
            file
                + ": queries[0].colour: unknown key (known keys: name, source, interval, delay,"
                + " timeout, max_window, series_ttl, new_series_delay, max_rows, labels, group_by,"
                + " tags, query, limit, attributes)",
            file
                + ": queries[0].interval: must be a duration such as 30s, 5m or 1h (got \"5"
                + " minutes\")"),
        err().lines().toList());
  }

  @Test
  void withSecretsTheAbsentOnesAreProblemsAsBefore() throws Exception {
    Path file = config("");
    assertEquals(1, run("--check-config", "--config.file=" + file));
    assertTrue(
        err().contains("sources.dd.api_key: environment variable STATSBRIDGE_CI_UNSET_KEY"), err());
    assertTrue(err().contains("sources.dd.app_key_file: cannot read secret file"), err());
  }

  @Test
  void skippingSecretsIsForCheckConfigOnly() {
    assertEquals(2, run("--check-config.skip-secrets", "--demo"));
    assertTrue(
        err().startsWith("statsbridge: --check-config.skip-secrets applies to --check-config"),
        err());
  }

  @Test
  void aStoragePathThatIsAFileIsNamed() throws Exception {
    Path file = config("");
    Path notAFolder = Files.writeString(dir.resolve("cursors"), "");
    assertEquals(
        1,
        run(
            "--check-config",
            "--check-config.skip-secrets",
            "--config.file=" + file,
            "--storage.path=" + notAFolder));
    assertEquals(
        List.of("statsbridge: --storage.path " + notAFolder + " is not a folder"),
        err().lines().toList());

    err.reset();
    Path below = notAFolder.resolve("state");
    assertEquals(1, run("--check-config", "--config.file=" + file, "--storage.path=" + below));
    assertTrue(
        err()
            .contains(
                "statsbridge: --storage.path "
                    + below
                    + " cannot be created: "
                    + notAFolder
                    + " is not a folder"),
        err());
  }

  @Test
  void aStoragePathToBeCreatedPassesAndNothingIsCreatedOrLocked() throws Exception {
    Path file = config("");
    Path existing = Files.createDirectories(dir.resolve("state"));
    Path missing = dir.resolve("var/lib/statsbridge");
    for (Path storage : List.of(existing, missing)) {
      assertEquals(
          0,
          run(
              "--check-config",
              "--check-config.skip-secrets",
              "--config.file=" + file,
              "--storage.path=" + storage),
          err());
    }
    assertTrue(out().contains("--storage.path " + existing + ": OK\n"), out());
    assertTrue(out().contains("--storage.path " + missing + ": OK (to be created)\n"), out());
    assertEquals(List.of(), Files.list(existing).toList(), "a check locks nothing");
    assertFalse(Files.exists(dir.resolve("var")), "a check creates nothing");
  }

  @Test
  void aStoragePathThatIsNotWritableIsNamed() throws Exception {
    Path file = config("");
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
    assertEquals(
        1,
        run(
            "--check-config",
            "--check-config.skip-secrets",
            "--config.file=" + file,
            "--storage.path=" + readOnly));
    assertTrue(
        err()
            .contains(
                "statsbridge: --storage.path " + readOnly + " is not writable (permission denied)"),
        err());
    err.reset();
    assertEquals(
        1,
        run(
            "--check-config",
            "--check-config.skip-secrets",
            "--config.file=" + file,
            "--storage.path=" + readOnly.resolve("state")));
    assertTrue(
        err()
            .contains(
                "statsbridge: --storage.path "
                    + readOnly.resolve("state")
                    + " cannot be created: "
                    + readOnly
                    + " is not writable (permission denied)"),
        err());
  }
}
