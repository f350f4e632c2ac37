package io.statsbridge.source.datadog;

import io.statsbridge.config.Secret;
import io.statsbridge.source.SourceSettings;
import okhttp3.HttpUrl;

/**
 * A validated Datadog source: the API base URL (from {@code site} or {@code base_url}) and keys.
 */
record DatadogSettings(HttpUrl baseUrl, Secret apiKey, Secret appKey) implements SourceSettings {}
