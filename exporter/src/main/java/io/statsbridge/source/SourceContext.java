package io.statsbridge.source;

import io.statsbridge.log.LiveRedactor;
import io.statsbridge.log.Log;
import java.time.Clock;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * What every source gets from the exporter: one shared HTTP client (pooled), the clock, the
 * exporter's redactor (it knows every configured secret, and a source adds to it every secret it
 * obtains at run time, such as a session cookie, before it sends it), and the process environment
 * ({@code proxy_from_environment} reads it when a source opens).
 */
public record SourceContext(
    OkHttpClient http, Clock clock, LiveRedactor redactor, Function<String, String> env) {
  private static final Log LOG = Log.of(SourceContext.class);

  public SourceContext(OkHttpClient http, Clock clock, LiveRedactor redactor) {
    this(http, clock, redactor, System::getenv);
  }

  public SourceContext(OkHttpClient http, Clock clock) {
    this(http, clock, new LiveRedactor(clock));
  }

  /**
   * The shared client, or one derived from it (same pool and dispatcher) that takes {@code proxy}.
   * Credentials found in the environment join the redactor before anything is sent.
   *
   * @throws SourceUnusable naming the source when the environment's proxy is unusable
   */
  public OkHttpClient http(String source, ProxySettings proxy) {
    if (proxy.isNone()) {
      return http;
    }
    ProxyRoutes routes;
    try {
      routes = ProxyRoutes.of(proxy, env);
    } catch (IllegalArgumentException e) {
      throw new SourceUnusable("source " + source + ": " + e.getMessage(), e);
    }
    redactor.configured(routes.secrets());
    LOG.info("source polls through a proxy", "source", source, "proxy", routes.describe());
    return routes.client(http);
  }
}
