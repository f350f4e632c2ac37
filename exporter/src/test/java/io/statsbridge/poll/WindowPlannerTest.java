package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.source.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {
  static final Duration FIVE_MIN = Duration.ofMinutes(5);
  static final Instant T = Instant.parse("2026-11-21T12:07:42Z");

  private static WindowPlanner.Plan plan(Instant now, Instant lastTo, Duration maxWindow) {
    return WindowPlanner.plan(
        now, Optional.ofNullable(lastTo), FIVE_MIN, FIVE_MIN, maxWindow, Duration.ofSeconds(1));
  }

  @Test
  void firstWindowEndsAtNowMinusDelayAlignedDownAndIsOneIntervalLong() {
    WindowPlanner.Plan p = plan(T, null, Duration.ofHours(1));
    // 12:07:42 − 5m = 12:02:42 → aligned down to 12:00.
    assertEquals(
        new Window(Instant.parse("2026-11-21T11:55:00Z"), Instant.parse("2026-11-21T12:00:00Z")),
        p.window().orElseThrow());
    assertEquals(Duration.ZERO, p.skipped());
  }

  @Test
  void nextWindowStartsWhereThePreviousEnded() {
    Instant lastTo = Instant.parse("2026-11-21T12:00:00Z");
    WindowPlanner.Plan p = plan(T.plus(FIVE_MIN), lastTo, Duration.ofHours(1));
    assertEquals(new Window(lastTo, lastTo.plus(FIVE_MIN)), p.window().orElseThrow());
  }

  @Test
  void noWindowWhenNoNewIntervalHasClosed() {
    Instant lastTo = Instant.parse("2026-11-21T12:00:00Z");
    assertTrue(plan(T.plusSeconds(60), lastTo, Duration.ofHours(1)).window().isEmpty());
  }

  @Test
  void afterFailuresOneWindowCoversTheWholeGap() {
    Instant lastTo = Instant.parse("2026-11-21T12:00:00Z");
    WindowPlanner.Plan p = plan(T.plus(Duration.ofMinutes(20)), lastTo, Duration.ofHours(1));
    assertEquals(
        new Window(lastTo, Instant.parse("2026-11-21T12:20:00Z")), p.window().orElseThrow());
    assertEquals(Duration.ZERO, p.skipped());
  }

  @Test
  void gapsLongerThanMaxWindowAreCutAndTheRestCountedAsSkipped() {
    Instant lastTo = Instant.parse("2026-11-21T12:00:00Z");
    WindowPlanner.Plan p = plan(T.plus(Duration.ofHours(3)), lastTo, Duration.ofHours(1));
    assertEquals(
        new Window(Instant.parse("2026-11-21T14:00:00Z"), Instant.parse("2026-11-21T15:00:00Z")),
        p.window().orElseThrow());
    assertEquals(Duration.ofHours(2), p.skipped());
  }

  @Test
  void consecutivePlansTileTimeWithoutGapsOrOverlap() {
    Instant lastTo = null;
    Instant now = T;
    Duration covered = Duration.ZERO;
    Instant firstFrom = null;
    for (int i = 0; i < 50; i++) {
      now = now.plusSeconds(37 + (i * 53) % 400);
      WindowPlanner.Plan p = plan(now, lastTo, Duration.ofHours(1));
      if (p.window().isPresent()) {
        Window w = p.window().get();
        if (lastTo != null) {
          assertEquals(lastTo, w.from());
        } else {
          firstFrom = w.from();
        }
        covered = covered.plus(w.length());
        lastTo = w.to();
      }
    }
    assertEquals(Duration.between(firstFrom, lastTo), covered);
  }

  @Test
  void windowEdgesFallOnTheGranularityAfterACatchUpBeyondMaxWindow() {
    Duration granularity = Duration.ofMinutes(5);
    Instant now = Instant.parse("2026-11-21T12:07:42Z");
    // max_window 12m would start the window at 11:53, inside a 5-minute bucket: it starts at 11:55.
    WindowPlanner.Plan p =
        WindowPlanner.plan(
            now,
            Optional.of(Instant.parse("2026-11-21T11:00:00Z")),
            FIVE_MIN,
            Duration.ZERO,
            Duration.ofMinutes(12),
            granularity);
    assertEquals(
        new Window(Instant.parse("2026-11-21T11:55:00Z"), Instant.parse("2026-11-21T12:05:00Z")),
        p.window().orElseThrow());
    assertEquals(Duration.ofMinutes(55), p.skipped());
  }

  @Test
  void aCursorInsideABucketResumesAtTheNextEdge() {
    // A cursor written under a 1-second granularity, resumed under Datadog's 5 minutes.
    WindowPlanner.Plan p =
        WindowPlanner.plan(
            Instant.parse("2026-11-21T12:07:42Z"),
            Optional.of(Instant.parse("2026-11-21T11:52:30Z")),
            FIVE_MIN,
            Duration.ZERO,
            Duration.ofHours(1),
            FIVE_MIN);
    assertEquals(Instant.parse("2026-11-21T11:55:00Z"), p.window().orElseThrow().from());
    assertEquals(Duration.ofSeconds(150), p.skipped());
  }
}
