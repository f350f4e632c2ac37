package io.statsbridge.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus-style durations: {@code 1h30m}, {@code 5m}, {@code 30s}, {@code 250ms}, {@code 1d}.
 */
public final class Durations {
  private static final Pattern UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  /** Longer is a typo, and would overflow the window arithmetic (3 × interval, now + ttl). */
  public static final Duration MAX = Duration.ofDays(3650);

  private Durations() {}

  /** Returns the duration, or throws IllegalArgumentException with a user-facing message. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("must be a duration such as 30s, 5m or 1h (got empty)");
    }
    Matcher m = UNIT.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      try {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  default -> Duration.ofDays(Math.multiplyExact(7, n));
                });
      } catch (NumberFormatException | ArithmeticException e) {
        throw tooLong(text);
      }
      end = m.end();
      m.region(end, text.length());
    }
    if (end != text.length()) {
      throw new IllegalArgumentException(
          "must be a duration such as 30s, 5m or 1h (got \"" + text + "\")");
    }
    if (total.compareTo(MAX) > 0) {
      throw tooLong(text);
    }
    return total;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException(
        "must be at most " + MAX.toDays() + "d, ten years (got \"" + text + "\")");
  }

  /** The shortest Prometheus-style form, for pages and logs. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long[] sizes = {3_600_000, 60_000, 1_000, 1};
    String[] units = {"h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        out.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return out.toString();
  }
}
