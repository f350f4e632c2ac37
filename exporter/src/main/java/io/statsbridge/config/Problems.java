package io.statsbridge.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every problem found in one config load, each prefixed by the place it was found, and each once: a
 * value in {@code defaults:} that every query inherits is checked once per query. A load without
 * secrets ({@link LoadContext#secrets()}) also keeps the places it could not check, and finds no
 * problem at or below them: a URL made of an unset variable is not wrong, only unknown.
 */
public final class Problems {
  private final Set<String> messages = new LinkedHashSet<>();
  private final Set<String> unchecked = new LinkedHashSet<>();
  private final List<String> uncheckedPlaces = new ArrayList<>();

  /** Longer messages quote a long value (a key, a "got …"): its middle is left out. */
  static final int MAX_MESSAGE = 1000;

  /** Kept of a longer message: its start (the place, what is wrong) and its end ("…9x")"). */
  private static final int KEPT_HEAD = 600;

  private static final int KEPT_TAIL = 200;

  public void add(String path, String message) {
    if (!isUnchecked(path)) {
      messages.add(clip(path.isEmpty() ? message : path + ": " + message));
    }
  }

  /** A value that was not checked, and why; problems at or below its place are not reported. */
  void unchecked(String path, String why) {
    uncheckedPlaces.add(path);
    unchecked.add(clip(path + ": not checked: " + why));
  }

  private boolean isUnchecked(String path) {
    for (String place : uncheckedPlaces) {
      if (path.equals(place)
          || path.startsWith(place)
              && (path.charAt(place.length()) == '.' || path.charAt(place.length()) == '[')) {
        return true;
      }
    }
    return false;
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

  /** What a load without secrets left unchecked, each with its place and why. */
  List<String> unchecked() {
    return List.copyOf(unchecked);
  }
}
