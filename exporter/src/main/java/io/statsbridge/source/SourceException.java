package io.statsbridge.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed fetch, classified for the poller: what outcome to count and whether to retry. The
 * message is shown in logs and on the landing page, so it must never contain a secret.
 */
public final class SourceException extends Exception {
  /** The {@code outcome} label of {@code statsbridge_polls_total}. */
  public enum Kind {
    /** 4xx other than 429, malformed bodies: retrying will not help. */
    ERROR,
    /** 5xx, connection failures: bounded exponential backoff. */
    TRANSIENT,
    /** The request or the poll's deadline ran out. */
    TIMEOUT,
    /** 429: wait as the upstream says, if it says. */
    RATE_LIMITED
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final int httpStatus;

  public SourceException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public SourceException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    this(kind, message, retryAfter, cause, 0);
  }

  /** A failed HTTP exchange: {@code httpStatus} is the upstream's status code. */
  public SourceException(
      Kind kind, String message, Duration retryAfter, Throwable cause, int httpStatus) {
    super(message, cause, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.httpStatus = httpStatus;
  }

  /** The upstream's HTTP status, or 0 when the failure was not an HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind != Kind.ERROR;
  }
}
