package io.statsbridge.source;

import io.statsbridge.log.Redactor;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * What every source gets from the exporter: one shared HTTP client (pooled), the clock, and the
 * redactor that knows every configured secret.
 */
public record SourceContext(OkHttpClient http, Clock clock, Redactor redactor) {
  public SourceContext(OkHttpClient http, Clock clock) {
    this(http, clock, Redactor.NONE);
  }
}
