package io.statsbridge.config;

import java.util.List;

/** A config that cannot be used; {@link #problems()} lists every problem with its place. */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
