package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollTimesTest {
  @Test
  void offsetIsStableAndInsideTheIntervalCappedAtAMinute() {
    Duration interval = Duration.ofMinutes(5);
    Duration a = PollTimes.offsetOf("service_to_service", interval);
    assertEquals(a, PollTimes.offsetOf("service_to_service", interval));
    assertTrue(a.compareTo(Duration.ofMinutes(1)) < 0);
    assertTrue(PollTimes.offsetOf("x", Duration.ofSeconds(5)).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void differentQueriesSpreadOut() {
    long distinct =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> PollTimes.offsetOf("query_" + i, Duration.ofMinutes(5)))
            .distinct()
            .count();
    assertTrue(distinct >= 15, "offsets: " + distinct);
  }
}
