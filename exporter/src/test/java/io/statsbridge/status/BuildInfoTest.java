package io.statsbridge.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** statsbridge_build_info's labels come from the build. */
class BuildInfoTest {
  @Test
  void theRevisionIsTheCommitTheClassesWereBuiltFrom() throws Exception {
    String given = System.getenv("STATSBRIDGE_REVISION");
    String expected;
    if (given != null && !given.isEmpty()) {
      expected = given;
    } else {
      // Outside a git checkout (a source archive, the container build) or without git, "dev".
      expected = "dev";
      try {
        Processes.Result head =
            Processes.run(
                List.of("git", "rev-parse", "HEAD"), new byte[0], Path.of("").toAbsolutePath());
        if (head.exitCode() == 0) {
          expected = head.output().strip();
        }
      } catch (IOException e) {
        // no git
      }
    }
    assertEquals(expected, BuildInfo.REVISION);
  }

  @Test
  void theVersionIsTheProjectVersion() {
    assertTrue(BuildInfo.VERSION.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), BuildInfo.VERSION);
  }
}
