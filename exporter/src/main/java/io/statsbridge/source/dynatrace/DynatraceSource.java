package io.statsbridge.source.dynatrace;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.HttpCall;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.Request;

/** One Dynatrace environment. */
final class DynatraceSource implements Source {
  private final DynatraceSettings settings;
  private final HttpCall http;

  DynatraceSource(String name, DynatraceSettings settings, SourceContext context) {
    this.settings = settings;
    this.http =
        new HttpCall(
            context.http(name, settings.proxy()),
            new Dialect(),
            HttpCall.DEFAULT_MAX_BODY_BYTES,
            context.redactor());
  }

  @Override
  public SourceQuery bind(String queryName, QuerySpec spec) {
    if (spec instanceof DynatraceQuerySpec.V1 v1) {
      return new V1Query(this, v1, queryName);
    }
    return new V2Query(this, (DynatraceQuerySpec.V2) spec, queryName);
  }

  DynatraceSettings settings() {
    return settings;
  }

  /** Executes with the token, the body read whole (a small one: a metric descriptor). */
  HttpCall.Reply execute(Request.Builder request, Deadline deadline, String scope)
      throws SourceException {
    return execute(
        request,
        deadline,
        scope,
        (in, headers) -> new HttpCall.Reply(headers, new String(in.readAllBytes(), UTF_8)));
  }

  /**
   * Executes with the token, the body read by {@code reader} as it arrives; 401/403 name the scope
   * the token lacks.
   */
  <T> T execute(
      Request.Builder request, Deadline deadline, String scope, HttpCall.BodyReader<T> reader)
      throws SourceException {
    try {
      return http.execute(
          request.header("Authorization", "Api-Token " + settings.apiToken().value()).build(),
          deadline,
          h -> {},
          reader);
    } catch (SourceException e) {
      if (e.httpStatus() == 401 || e.httpStatus() == 403) {
        throw new SourceException(
            SourceException.Kind.ERROR,
            e.getMessage() + " (the API token needs the " + scope + " scope)",
            null,
            e,
            e.httpStatus());
      }
      throw e;
    }
  }

  /** Dynatrace's error model; 429 carries no reliable reset header, so the poller backs off. */
  static final class Dialect implements HttpCall.Dialect {
    @Override
    public String errorText(String body) {
      return DynatraceParser.errorText(body);
    }

    @Override
    public Optional<Duration> retryAfter(Headers headers) {
      return Optional.empty();
    }
  }
}
