package io.statsbridge.config;

/** A credential; its {@code toString} never reveals the value, so it cannot leak into logs. */
public record Secret(String value) {
  @Override
  public String toString() {
    return "<secret>";
  }
}
