package io.statsbridge.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LiveRedactorTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final LiveRedactor redactor = new LiveRedactor(clock);

  @Test
  void anObtainedSecretIsMaskedUntilItExpires() {
    redactor.obtained("session-cookie-value", clock.instant().plus(Duration.ofHours(1)));
    assertEquals(
        "Cookie: mojolicious=<secret>", redactor.apply("Cookie: mojolicious=session-cookie-value"));
    clock.advance(Duration.ofMinutes(59));
    assertEquals("<secret>", redactor.apply("session-cookie-value"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals("session-cookie-value", redactor.apply("session-cookie-value"));
  }

  @Test
  void anExpiredSecretLeavesWithoutTakingTheOthersAlong() {
    redactor.configured(List.of("configured-api-key"));
    redactor.obtained("short-lived-token", clock.instant().plus(Duration.ofMinutes(5)));
    redactor.obtained("long-lived-cookie", clock.instant().plus(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(10));
    assertEquals(
        "short-lived-token <secret> <secret>",
        redactor.apply("short-lived-token long-lived-cookie configured-api-key"));
  }

  @Test
  void aSecretObtainedAgainKeepsTheLaterExpiry() {
    redactor.obtained("renewed-session", clock.instant().plus(Duration.ofHours(1)));
    redactor.obtained("renewed-session", clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(30));
    assertEquals("<secret>", redactor.apply("renewed-session"));
  }

  @Test
  void somethingAlreadyExpiredIsNeverAdded() {
    redactor.obtained("stale-cookie", clock.instant());
    assertEquals("stale-cookie", redactor.apply("stale-cookie"));
  }

  @Test
  void equalSecretsAreOneSecret() {
    redactor.configured(List.of("same-key-twice", "same-key-twice"));
    redactor.obtained("same-key-twice", clock.instant().plus(Duration.ofSeconds(1)));
    assertEquals("<secret>/<secret>", redactor.apply("same-key-twice/same-key-twice"));
  }

  /** A cookie that contains the user name is masked whole, wherever each was learnt. */
  @Test
  void theLongerOfTwoOverlappingSecretsIsMaskedWhole() {
    redactor.configured(List.of("svc-user"));
    redactor.obtained("token-for-svc-user-42", clock.instant().plus(Duration.ofHours(1)));
    assertEquals("<secret> and <secret>", redactor.apply("token-for-svc-user-42 and svc-user"));
  }

  @Test
  void configuredSecretsStayForTheLifeOfTheProcess() {
    redactor.configured(List.of("old-rotated-key"));
    redactor.configured(List.of("new-current-key"));
    clock.advance(Duration.ofDays(400));
    assertEquals("<secret> <secret>", redactor.apply("old-rotated-key new-current-key"));
  }

  @Test
  void secretsAddedWhileOthersRedactAreSeenByThem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> adding =
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  redactor.obtained("token-number-" + i, clock.instant().plusSeconds(60));
                  assertEquals("<secret>", redactor.apply("token-number-" + i));
                }
              });
      Future<?> reading =
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  redactor.apply("nothing secret here " + i);
                }
              });
      adding.get();
      reading.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals("<secret>", redactor.apply("token-number-499"));
  }
}
