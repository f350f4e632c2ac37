package io.statsbridge.config;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in one config load, each prefixed by the place it was found. */
public final class Problems {
  private final List<String> messages = new ArrayList<>();

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
