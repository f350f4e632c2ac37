package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesPrometheusStyleDurations() {
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofDays(8), Durations.parse("1w1d"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
  }

  @Test
  void rejectsOtherSpellings() {
    for (String bad : new String[] {"5", "5 m", "m", "-5m", "5M", "1.5h", ""}) {
      assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
    }
  }

  @Test
  void refusesDurationsTooLongForTheWindowArithmetic() {
    assertEquals(Duration.ofDays(3650), Durations.parse("3650d"));
    for (String huge :
        new String[] {
          "3651d", "99999999999999999d", "99999999999999999999s", "9999999999999999w"
        }) {
      assertEquals(
          "must be at most 3650d, ten years (got \"" + huge + "\")",
          assertThrows(IllegalArgumentException.class, () -> Durations.parse(huge)).getMessage());
    }
  }

  @Test
  void formatsShortest() {
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("1s500ms", Durations.format(Duration.ofMillis(1500)));
  }
}
