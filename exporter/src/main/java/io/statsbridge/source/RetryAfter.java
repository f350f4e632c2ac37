package io.statsbridge.source;

import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;

/**
 * How long an upstream asks us to wait, in seconds, from the first of {@code headers} that says so
 * with a sane number (0 to a day); a garbled or absurd value is no answer.
 */
public final class RetryAfter {
  static final long MAX_SECONDS = 86_400;

  private RetryAfter() {}

  public static Optional<Duration> seconds(Headers response, String... headers) {
    for (String header : headers) {
      String value = response.get(header);
      if (value == null) {
        continue;
      }
      try {
        long seconds = Long.parseLong(value.trim());
        if (seconds >= 0 && seconds <= MAX_SECONDS) {
          return Optional.of(Duration.ofSeconds(seconds));
        }
      } catch (NumberFormatException e) {
        // not a number of seconds: try the next header
      }
    }
    return Optional.empty();
  }
}
