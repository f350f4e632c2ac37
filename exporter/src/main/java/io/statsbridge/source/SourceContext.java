package io.statsbridge.source;

import io.statsbridge.log.LiveRedactor;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * What every source gets from the exporter: one shared HTTP client (pooled), the clock, the
 * exporter's redactor (it knows every configured secret, and a source adds to it every secret it
 * obtains at run time, such as a session cookie, before it sends it), and the checkpoint a poll
 * runs every few KiB of body it reads (where it steps aside for a scrape being answered; it may
 * wait).
 */
public record SourceContext(
    OkHttpClient http, Clock clock, LiveRedactor redactor, Runnable checkpoint) {
  public SourceContext(OkHttpClient http, Clock clock) {
    this(http, clock, new LiveRedactor(clock), () -> {});
  }
}
