package io.statsbridge.source.trafficops;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.source.ProxySettings;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A validated Traffic Ops source.
 *
 * @param caCertificates PEM text of extra trusted CAs ({@code tls.ca_file}); empty for the JDK's
 * @param insecureSkipVerify trust any certificate and host name (logged as a warning)
 * @param proxy the outbound proxy, if any
 */
record TrafficOpsSettings(
    HttpUrl url,
    String apiVersion,
    String username,
    Secret password,
    List<X509Certificate> caCertificates,
    boolean insecureSkipVerify,
    ProxySettings proxy)
    implements SourceSettings {
  TrafficOpsSettings {
    caCertificates = List.copyOf(caCertificates);
  }

  @Override
  public List<String> secrets() {
    List<String> all = new ArrayList<>(List.of(username, password.value()));
    all.addAll(proxy.secrets());
    return all;
  }

  HttpUrl api(String path) {
    return url.newBuilder()
        .addPathSegment("api")
        .addPathSegment(apiVersion)
        .addPathSegments(path)
        .build();
  }
}
