package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.statsbridge.source.datadog.DatadogProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file and the files it names: bounded, and every problem said in words. */
class ConfigFilesTest {
  @TempDir Path dir;

  private static ConfigLoader loader() {
    return new ConfigLoader(List.of(new DatadogProvider()), ConfigLoaderTest.ENV::get);
  }

  private static String loadProblem(Path file) {
    List<String> problems =
        assertThrows(ConfigException.class, () -> loader().load(file)).problems();
    assertEquals(1, problems.size(), problems::toString);
    return problems.get(0);
  }

  private static String problems(String yaml) {
    return String.join(
        "\n",
        assertThrows(ConfigException.class, () -> loader().parse("statsbridge.yml", yaml))
            .problems());
  }

  @Test
  void aConfigFileOverOneMebibyteIsRefusedAtOnce() throws Exception {
    Path file = dir.resolve("huge.yml");
    Files.writeString(file, "sources:\n  dd: {type: datadog, api_key: " + "a".repeat(10_000_000));
    String problem = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> loadProblem(file));
    assertEquals(
        file
            + ": cannot read config file: larger than the limit of 1 MiB ("
            + Files.size(file)
            + " bytes); is this the right file?",
        problem);
  }

  @Test
  void configTextOverOneMebibyteIsRefusedBeforeParsing() {
    String huge = "sources:\n  dd: {type: datadog, api_key: " + "a".repeat(2_000_000) + "}\n";
    String all = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(huge));
    assertTrue(all.startsWith("statsbridge.yml: larger than the limit of 1 MiB"), all);
  }

  @Test
  void aMissingConfigFileIsSaidInWords() {
    assertEquals(
        dir.resolve("nope.yml") + ": cannot read config file: file not found",
        loadProblem(dir.resolve("nope.yml")));
  }

  @Test
  void aDirectoryIsSaidInWords() {
    assertEquals(
        dir + ": cannot read config file: it is a directory, not a file", loadProblem(dir));
  }

  @Test
  void aConfigFileInAnotherEncodingIsSaidInWords() throws Exception {
    Path file = dir.resolve("latin1.yml");
    Files.write(file, "# caf\u00e9\nsources: {}\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        file + ": cannot read config file: not UTF-8 text; save it as UTF-8", loadProblem(file));
  }

  @Test
  void anUnreadableConfigFileIsSaidInWords() throws Exception {
    Path file = dir.resolve("locked.yml");
    Files.writeString(file, "sources: {}\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "running as root: every file is readable");
    assertEquals(file + ": cannot read config file: permission denied", loadProblem(file));
  }

  @Test
  void aSecretFileThatIsAFifoWithoutAWriterIsAProblemNotAHang() throws Exception {
    Path fifo = dir.resolve("api_key");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    String all =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                problems(
                    ConfigLoaderTest.SOURCE.replace(
                            "api_key: ${DD_API_KEY}", "api_key_file: " + fifo)
                        + "queries: [{name: q, source: dd}]"));
    assertTrue(
        all.contains(
            "sources.dd.api_key_file: cannot read secret file "
                + fifo
                + ": it is not a regular file (a FIFO, a socket or a device)"),
        all);
  }

  @Test
  void permissionDeniedIsSaidInWordsWhateverTheUser() {
    assertEquals(
        "permission denied", FileProblems.describe(new AccessDeniedException("/etc/shadow")));
  }

  @Test
  void secretFileProblemsAreSaidInWordsWithTheKey() throws Exception {
    Path big = dir.resolve("big_key");
    Files.writeString(big, "k".repeat(FileProblems.MAX_BYTES + 1));
    String all =
        problems(
            ConfigLoaderTest.SOURCE
                    .replace("api_key: ${DD_API_KEY}", "api_key_file: " + dir.resolve("absent"))
                    .replace("app_key: ${DD_APP_KEY}", "app_key_file: " + dir)
                + "  other:\n    type: datadog\n    api_key_file: "
                + big
                + "\n    app_key: x\n"
                + "queries: [{name: q, source: dd}]");
    for (String expected :
        List.of(
            "statsbridge.yml: sources.dd.api_key_file: cannot read secret file "
                + dir.resolve("absent")
                + ": file not found",
            "statsbridge.yml: sources.dd.app_key_file: cannot read secret file "
                + dir
                + ": it is a directory, not a file",
            "statsbridge.yml: sources.other.api_key_file: cannot read secret file "
                + big
                + ": larger than the limit of 1 MiB")) {
      assertTrue(all.contains(expected), () -> "missing <" + expected + "> in\n" + all);
    }
    assertFalse(all.contains("Exception"), all);
  }
}
