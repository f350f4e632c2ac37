package io.statsbridge.source.datadog;

import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The Datadog sites the official API clients know, and their API hosts. The clients build the host
 * from the spec's server {@code https://{subdomain}.{site}} with the subdomain {@code api}, and
 * refuse a site outside the list; any other deployment is reached with {@code base_url}.
 */
final class DatadogSites {
  static final String DEFAULT = "datadoghq.com";

  /**
   * In the clients' order: datadog-api-client-java {@code ApiClient.java} and
   * datadog-api-client-python {@code configuration.py} (docs/upstreams.md names the commits; both
   * list {@code uk1.datadoghq.com} twice, which is kept once here).
   */
  static final List<String> KNOWN =
      List.of(
          "datadoghq.com",
          "us3.datadoghq.com",
          "us5.datadoghq.com",
          "ap1.datadoghq.com",
          "ap2.datadoghq.com",
          "uk1.datadoghq.com",
          "datadoghq.eu",
          "ddog-gov.com",
          "us2.ddog-gov.com");

  private DatadogSites() {}

  /** The API of a known site, {@code https://api.<site>}. */
  static Optional<HttpUrl> api(String site) {
    return KNOWN.contains(site)
        ? Optional.of(HttpUrl.get("https://api." + site))
        : Optional.empty();
  }

  static String unknown(String site) {
    return "unknown Datadog site \""
        + site
        + "\" (known: "
        + String.join(", ", KNOWN)
        + "); for another Datadog deployment set base_url instead";
  }
}
