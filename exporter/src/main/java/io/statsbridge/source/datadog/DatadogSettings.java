package io.statsbridge.source.datadog;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.source.ProxySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A validated Datadog source: the API base URL (from {@code site} or {@code base_url}), keys, the
 * collection interval of the account's agents ({@code granularity}, 5 minutes by default), and the
 * outbound proxy, if any.
 */
record DatadogSettings(
    HttpUrl baseUrl, Secret apiKey, Secret appKey, Duration granularity, ProxySettings proxy)
    implements SourceSettings {
  /** Without a proxy. */
  DatadogSettings(HttpUrl baseUrl, Secret apiKey, Secret appKey, Duration granularity) {
    this(baseUrl, apiKey, appKey, granularity, ProxySettings.NONE);
  }

  /** Both keys, as a list: a config may give the same value for both (Set.of would throw). */
  @Override
  public List<String> secrets() {
    List<String> all = new ArrayList<>(List.of(apiKey.value(), appKey.value()));
    all.addAll(proxy.secrets());
    return all;
  }
}
