package io.statsbridge.source.dynatrace;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import java.util.Set;
import okhttp3.HttpUrl;

/** A validated Dynatrace environment: SaaS or ActiveGate ({@code …/e/{env}}) base URL and token. */
record DynatraceSettings(HttpUrl url, Secret apiToken) implements SourceSettings {
  @Override
  public Set<String> secrets() {
    return Set.of(apiToken.value());
  }

  HttpUrl api(String path) {
    return url.newBuilder().addPathSegments(path).build();
  }
}
