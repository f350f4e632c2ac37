package io.statsbridge.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.RealBinary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run in the test command, short and with a fixed seed; {@code scripts/chaos} runs it as
 * long as you like. Runs after {@code package}, against the shaded jar a user runs.
 */
class ChaosIT {
  @TempDir Path dir;

  @Test
  void countersStayExactThroughFaultsReloadsAndAKill() throws Exception {
    Path prometheus = RealBinary.require("prometheus");
    Path jar = Path.of(System.getProperty("statsbridge.jar", "target/statsbridge.jar"));
    ChaosRun.Report report = new ChaosRun(jar, prometheus, dir, 60, 20261122).run(System.out);
    System.out.println(report.line());
    assertTrue(report.ok(), report.line() + "\n" + String.join("\n", report.problems()));
  }
}
