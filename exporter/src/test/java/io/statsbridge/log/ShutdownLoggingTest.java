package io.statsbridge.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lines logged while the process stops all arrive, though the JDK resets java.util.logging in a
 * hook of its own that runs at the same time as ours (a container lost "stop requested" that way).
 */
class ShutdownLoggingTest {
  /**
   * Without {@link LogSetup#keepThroughShutdown} ({@code StoppingProcess bare}), 4 of 20 runs lost
   * a line here; 12 runs catch that with a chance of 93%.
   */
  private static final int RUNS = 12;

  @Test
  void everyLineLoggedWhileStoppingArrives() throws Exception {
    for (int run = 0; run < RUNS; run++) {
      String out = stop("keep");
      long arrived = out.lines().filter(l -> l.contains("msg=stopping")).count();
      assertEquals(StoppingProcess.LINES, arrived, "run " + run + ":\n" + out);
      assertTrue(out.lines().allMatch(l -> l.startsWith("ts=")), out);
    }
  }

  /** The lines a {@link StoppingProcess} wrote to stderr as it stopped. */
  static String stop(String mode) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    StoppingProcess.class.getName(),
                    mode))
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new String(out, StandardCharsets.UTF_8);
  }
}
