package io.statsbridge.source.datadog;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.source.HttpCall;
import io.statsbridge.source.RetryAfter;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceQuery;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import okhttp3.Headers;

/** A Datadog account: shared by every query of the source, and its rate-limit budget. */
final class DatadogSource implements Source {
  private final String name;
  private final DatadogSettings settings;
  private final HttpCall http;
  private volatile double rateLimitRemaining = Double.NaN;

  DatadogSource(String name, DatadogSettings settings, SourceContext context) {
    this.name = name;
    this.settings = settings;
    this.http =
        new HttpCall(
            context.http(name, settings.proxy()),
            new DatadogDialect(),
            HttpCall.DEFAULT_MAX_BODY_BYTES,
            context.redactor());
  }

  @Override
  public SourceQuery bind(String queryName, QuerySpec spec) {
    DatadogQuerySpec q = (DatadogQuerySpec) spec;
    return new DatadogQuery(settings, http, q, this::observe);
  }

  @Override
  public OptionalDouble rateLimitRemaining() {
    double v = rateLimitRemaining;
    return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  private void observe(Headers headers) {
    String remaining = headers.get("X-RateLimit-Remaining");
    if (remaining != null) {
      try {
        rateLimitRemaining = Double.parseDouble(remaining.trim());
      } catch (NumberFormatException e) {
        // A garbled header is not worth failing a poll over; keep the last good value.
      }
    }
  }

  @Override
  public String toString() {
    return "datadog source " + name;
  }

  /** Error bodies and rate-limit headers as Datadog really sends them. */
  static final class DatadogDialect implements HttpCall.Dialect {
    @Override
    public String errorText(String body) {
      return DatadogResponseParser.errorText(body);
    }

    /** {@code X-RateLimit-Reset} is seconds until the reset, not an epoch; else Retry-After. */
    @Override
    public Optional<Duration> retryAfter(Headers headers) {
      return RetryAfter.seconds(headers, "X-RateLimit-Reset", "Retry-After");
    }
  }
}
