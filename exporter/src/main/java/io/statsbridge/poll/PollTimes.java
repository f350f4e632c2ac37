package io.statsbridge.poll;

import io.statsbridge.config.Schedule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;

/** When a query polls: aligned ticks, shifted by a per-query offset, and each poll's deadline. */
final class PollTimes {
  /** The largest offset inside an interval. */
  private static final Duration MAX_OFFSET = Duration.ofMinutes(1);

  /** How long before the next tick a poll must be over, at most. */
  private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

  private PollTimes() {}

  /**
   * A stable per-query offset inside the interval (at most a minute), so that many queries with the
   * same interval do not all hit their upstream in the same second.
   */
  static Duration offsetOf(String name, Duration interval) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    long span = Math.min(interval.toMillis(), MAX_OFFSET.toMillis());
    return Duration.ofMillis(crc.getValue() % span);
  }

  /** The first tick strictly after {@code now}: a window edge, plus the delay and the offset. */
  static Instant nextAfter(Instant now, Schedule s, Duration offset) {
    Instant base = WindowPlanner.alignDown(now.minus(s.delay()).minus(offset), s.interval());
    return base.plus(s.interval()).plus(s.delay()).plus(offset);
  }

  /**
   * When a poll that starts at {@code start} must be over: a little before the tick at {@code next}
   * (a tenth of the interval, at most a second), so that the tick never finds it running.
   */
  static Instant deadlineBefore(Instant start, Instant next, Duration interval) {
    Duration margin = interval.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    Instant deadline = next.minus(margin);
    return deadline.isAfter(start) ? deadline : next;
  }
}
