package io.statsbridge.source.datadog;

import io.statsbridge.source.Deadline;
import io.statsbridge.source.HttpCall;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** {@code GET /api/v2/network/connections/aggregate} for one window. */
final class DatadogQuery implements SourceQuery {
  private final DatadogSettings settings;
  private final HttpCall http;
  private final DatadogQuerySpec spec;
  private final Consumer<Headers> onHeaders;

  DatadogQuery(
      DatadogSettings settings, HttpCall http, DatadogQuerySpec spec, Consumer<Headers> onHeaders) {
    this.settings = settings;
    this.http = http;
    this.spec = spec;
    this.onHeaders = onHeaders;
  }

  HttpUrl url(Window window) {
    HttpUrl.Builder url =
        settings
            .baseUrl()
            .newBuilder()
            .addPathSegments("api/v2/network/connections/aggregate")
            .addQueryParameter("from", Long.toString(window.from().getEpochSecond()))
            .addQueryParameter("to", Long.toString(window.to().getEpochSecond()))
            .addQueryParameter("limit", Integer.toString(spec.limit()));
    if (!spec.groupBy().isEmpty()) {
      url.addQueryParameter("group_by", String.join(",", spec.groupBy()));
    }
    if (!spec.tags().isEmpty()) {
      url.addQueryParameter("tags", String.join(",", spec.tags()));
    }
    if (!spec.query().isEmpty()) {
      url.addQueryParameter("query", spec.query());
    }
    return url.build();
  }

  @Override
  public Batch fetch(Window window, Deadline deadline) throws SourceException {
    Request request =
        new Request.Builder()
            .url(url(window))
            .header("Accept", "application/json")
            .header("DD-API-KEY", settings.apiKey().value())
            .header("DD-APPLICATION-KEY", settings.appKey().value())
            .build();
    return http.execute(
        request,
        deadline,
        onHeaders,
        (body, headers) ->
            DatadogResponseParser.parse(body, spec.groupBy(), spec.attributes(), spec.limit()));
  }
}
