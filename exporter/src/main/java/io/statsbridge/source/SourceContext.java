package io.statsbridge.source;

import io.statsbridge.log.Redactor;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * What every source gets from the exporter: one shared HTTP client (pooled), the clock, the
 * redactor that knows every configured secret, and the checkpoint a poll runs every few KiB of body
 * it reads (where it steps aside for a scrape being answered; it may wait).
 */
public record SourceContext(
    OkHttpClient http, Clock clock, Redactor redactor, Runnable checkpoint) {
  public SourceContext(OkHttpClient http, Clock clock) {
    this(http, clock, Redactor.NONE, () -> {});
  }
}
