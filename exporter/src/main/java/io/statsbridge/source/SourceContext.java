package io.statsbridge.source;

import io.statsbridge.log.LiveRedactor;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * What every source gets from the exporter: one shared HTTP client (pooled), the clock, and the
 * exporter's redactor (it knows every configured secret, and a source adds to it every secret it
 * obtains at run time, such as a session cookie, before it sends it).
 */
public record SourceContext(OkHttpClient http, Clock clock, LiveRedactor redactor) {
  public SourceContext(OkHttpClient http, Clock clock) {
    this(http, clock, new LiveRedactor(clock));
  }
}
