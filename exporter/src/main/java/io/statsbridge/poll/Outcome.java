package io.statsbridge.poll;

import io.statsbridge.source.SourceException;
import java.util.Locale;

/** The {@code outcome} label of {@code statsbridge_polls_total}. */
public enum Outcome {
  SUCCESS,
  ERROR,
  TIMEOUT,
  RATE_LIMITED,
  SKIPPED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Outcome of(SourceException.Kind kind) {
    return switch (kind) {
      case ERROR, TRANSIENT -> ERROR;
      case TIMEOUT -> TIMEOUT;
      case RATE_LIMITED -> RATE_LIMITED;
    };
  }
}
