package io.statsbridge.config;

import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceSettings;

/** One validated source: where and how to connect. */
public record SourceConfig(String name, SourceProvider provider, SourceSettings settings) {
  public String type() {
    return provider.type();
  }

  public java.time.Duration granularity() {
    return settings.granularity();
  }
}
