package io.statsbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags of a container's statsbridge, from a /proc laid out as Linux lays it out. */
class RunningExporterTest {
  @TempDir Path proc;

  private void process(int pid, int parent, String comm, String... commandLine) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(dir.resolve("cmdline"), String.join("\0", commandLine) + "\0");
    Files.writeString(
        dir.resolve("stat"), pid + " (" + comm + ") S " + parent + " 1 1 0 -1 4194560");
  }

  @Test
  void pid1RunByTheImagesEntrypoint() throws Exception {
    process(1, 0, "java", "java", "-Xms32m", "-jar", "/opt/statsbridge/statsbridge.jar", "--demo");
    process(40, 0, "java", "java", "-jar", "/opt/statsbridge/statsbridge.jar", "--healthcheck");
    assertEquals(Optional.of(List.of("--demo")), RunningExporter.arguments(proc));
  }

  @Test
  void aChildOfAnInitSuchAsTini() throws Exception {
    process(1, 0, "docker-init", "/sbin/docker-init", "--", "java", "-jar", "other.jar");
    // The command name in stat may hold spaces and parentheses.
    process(
        7,
        1,
        "java) (x",
        "java",
        "-cp",
        "/opt/statsbridge/statsbridge.jar",
        "io.statsbridge.Main",
        "--web.listen-address=10.0.0.5:9873");
    process(9, 7, "java", "java", "-jar", "/opt/statsbridge/statsbridge.jar", "--healthcheck");
    assertEquals(
        Optional.of(List.of("--web.listen-address=10.0.0.5:9873")),
        RunningExporter.arguments(proc));
  }

  @Test
  void noStatsbridgeUnderPid1() throws Exception {
    process(1, 0, "systemd", "/sbin/init", "splash");
    process(2, 1, "java", "java", "-jar", "/srv/other.jar", "--demo");
    process(3, 2, "java", "java", "-jar", "/home/someone/statsbridge.jar");
    assertEquals(Optional.empty(), RunningExporter.arguments(proc));
  }

  @Test
  void twoUnderPid1AreAmbiguous() throws Exception {
    process(1, 0, "tini", "tini", "--", "sh");
    process(5, 1, "java", "java", "-jar", "statsbridge.jar", "--web.listen-address=:1");
    process(6, 1, "java", "java", "-jar", "statsbridge.jar", "--web.listen-address=:2");
    IOException e = assertThrows(IOException.class, () -> RunningExporter.arguments(proc));
    assertTrue(e.getMessage().startsWith("2 statsbridge processes under PID 1"), e.getMessage());
  }
}
