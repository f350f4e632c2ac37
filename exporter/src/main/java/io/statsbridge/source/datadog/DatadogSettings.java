package io.statsbridge.source.datadog;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import java.time.Duration;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * A validated Datadog source: the API base URL (from {@code site} or {@code base_url}), keys, and
 * the collection interval of the account's agents ({@code granularity}, 5 minutes by default).
 */
record DatadogSettings(HttpUrl baseUrl, Secret apiKey, Secret appKey, Duration granularity)
    implements SourceSettings {
  @Override
  public Set<String> secrets() {
    return Set.of(apiKey.value(), appKey.value());
  }
}
