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

  /** Kept of a longer message: its start (the place, what is wrong) and its end ("…9x")"). */
  private static final int KEPT_HEAD = 600;

  private static final int KEPT_TAIL = 200;

  public void add(String path, String message) {
    messages.add(clip(path.isEmpty() ? message : path + ": " + message));
  }

  private static String clip(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, KEPT_HEAD)
        + "…("
        + (message.length() - KEPT_HEAD - KEPT_TAIL)
        + " characters left out)…"
        + message.substring(message.length() - KEPT_TAIL);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }
}
