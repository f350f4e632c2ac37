package io.statsbridge.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every problem found in one config load, each prefixed by the place it was found, and each once: a
 * value in {@code defaults:} that every query inherits is checked once per query.
 */
public final class Problems {
  private final Set<String> messages = new LinkedHashSet<>();

  /** Longer messages quote a long value (a key, a "got …"): its middle is left out. */
  static final int MAX_MESSAGE = 1000;

  public void add(String path, String message) {
    messages.add(clip(path.isEmpty() ? message : path + ": " + message));
  }

  private static String clip(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    int head = MAX_MESSAGE * 3 / 5;
    int tail = MAX_MESSAGE / 5;
    return message.substring(0, head)
        + "…("
        + (message.length() - head - tail)
        + " characters left out)…"
        + message.substring(message.length() - tail);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }
}
