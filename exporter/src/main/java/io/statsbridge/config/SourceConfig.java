package io.statsbridge.config;

/** One validated source: where and how to connect. */
public record SourceConfig(String name, SourceType provider, SourceSettings settings) {
  public String type() {
    return provider.type();
  }

  public java.time.Duration granularity() {
    return settings.granularity();
  }
}
