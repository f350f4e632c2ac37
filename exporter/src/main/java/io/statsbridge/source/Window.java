package io.statsbridge.source;

import java.time.Duration;
import java.time.Instant;

/** A half-open time range {@code [from, to)} of upstream data. */
public record Window(Instant from, Instant to) {
  public Window {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("empty window " + from + " .. " + to);
    }
  }

  public Duration length() {
    return Duration.between(from, to);
  }
}
