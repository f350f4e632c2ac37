package io.statsbridge.status;

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
}
