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
 * @param remarks what the upstream said about the last successful poll's result
 * @param skippedRows rows the upstream sent that could not be used, since the query started
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
    Remarks remarks,
    Optional<Instant> nextPoll,
    Map<Outcome, Long> polls,
    double skippedSeconds,
    long skippedRows) {

  public QueryStatus {
    polls = Map.copyOf(polls);
  }

  public boolean truncated() {
    return remarks.truncated();
  }

  public long polls(Outcome outcome) {
    return polls.getOrDefault(outcome, 0L);
  }
}
