package io.statsbridge.source.trafficops;

import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A validated Traffic Ops source.
 *
 * @param caCertificates PEM text of extra trusted CAs ({@code tls.ca_file}); empty for the JDK's
 * @param insecureSkipVerify trust any certificate and host name (logged as a warning)
 */
record TrafficOpsSettings(
    HttpUrl url,
    String apiVersion,
    String username,
    Secret password,
    List<X509Certificate> caCertificates,
    boolean insecureSkipVerify)
    implements SourceSettings {
  TrafficOpsSettings {
    caCertificates = List.copyOf(caCertificates);
  }

  @Override
  public List<String> secrets() {
    return List.of(username, password.value());
  }

  HttpUrl api(String path) {
    return url.newBuilder()
        .addPathSegment("api")
        .addPathSegment(apiVersion)
        .addPathSegments(path)
        .build();
  }
}
