package io.statsbridge.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the landing page and self-metrics know about one query, as of its last poll; immutable.
 *
 * @param lastOutcome empty before the first poll finished
 * @param lastError the last failure's text (never a secret), empty after a success
 */
public record QueryStatus(
    String query,
    String source,
    String sourceType,
    Duration interval,
    Optional<Outcome> lastOutcome,
    String lastError,
    Optional<Instant> lastSuccess,
    Duration lastDuration,
    int rows,
    boolean truncated,
    Optional<Instant> nextPoll,
    Map<Outcome, Long> polls,
    double skippedSeconds) {

  public QueryStatus {
    polls = Map.copyOf(polls);
  }

  public long polls(Outcome outcome) {
    return polls.getOrDefault(outcome, 0L);
  }
}
