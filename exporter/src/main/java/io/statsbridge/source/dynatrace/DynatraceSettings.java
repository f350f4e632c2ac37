package io.statsbridge.source.dynatrace;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.source.ProxySettings;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A validated Dynatrace environment: SaaS or ActiveGate ({@code …/e/{env}}) base URL, token, and
 * the outbound proxy, if any.
 */
record DynatraceSettings(HttpUrl url, Secret apiToken, ProxySettings proxy)
    implements SourceSettings {
  /** Without a proxy. */
  DynatraceSettings(HttpUrl url, Secret apiToken) {
    this(url, apiToken, ProxySettings.NONE);
  }

  @Override
  public List<String> secrets() {
    List<String> all = new ArrayList<>(List.of(apiToken.value()));
    all.addAll(proxy.secrets());
    return all;
  }

  HttpUrl api(String path) {
    return url.newBuilder().addPathSegments(path).build();
  }
}
