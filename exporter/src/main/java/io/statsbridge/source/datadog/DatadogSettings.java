package io.statsbridge.source.datadog;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A validated Datadog source: the API base URL (from {@code site} or {@code base_url}), keys, and
 * the collection interval of the account's agents ({@code granularity}, 5 minutes by default).
 */
record DatadogSettings(HttpUrl baseUrl, Secret apiKey, Secret appKey, Duration granularity)
    implements SourceSettings {
  /** Both keys, as a list: a config may give the same value for both (Set.of would throw). */
  @Override
  public List<String> secrets() {
    return List.of(apiKey.value(), appKey.value());
  }
}
