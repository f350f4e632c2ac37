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

  public void add(String path, String message) {
    messages.add(path.isEmpty() ? message : path + ": " + message);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }
}
