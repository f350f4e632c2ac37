package io.statsbridge.source.trafficops;

import io.statsbridge.config.QuerySpec;
import io.statsbridge.log.Log;
import io.statsbridge.source.HttpCall;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceQuery;

/** One Traffic Ops instance: its TLS client and its login session, shared by its queries. */
final class TrafficOpsSource implements Source {
  private static final Log LOG = Log.of(TrafficOpsSource.class);

  private final TrafficOpsSettings settings;
  private final Session session;

  TrafficOpsSource(String name, TrafficOpsSettings settings, SourceContext context) {
    this.settings = settings;
    if (settings.insecureSkipVerify()) {
      LOG.warn(
          "TLS certificate verification is disabled (tls.insecure_skip_verify); anyone on the path can read the Traffic Ops password",
          "source",
          name);
    }
    HttpCall http =
        new HttpCall(
            Tls.configure(context.http(name, settings.proxy()), settings),
            new Dialect(),
            HttpCall.DEFAULT_MAX_BODY_BYTES,
            context.redactor());
    this.session = new Session(name, settings, http, context.clock(), context.redactor());
  }

  @Override
  public SourceQuery bind(String queryName, QuerySpec spec) {
    return new TrafficOpsQuery(settings, session, (TrafficOpsQuerySpec) spec);
  }

  /** Errors come as {@code {"alerts":[…]}}; throttling only ever says Retry-After. */
  static final class Dialect implements HttpCall.Dialect {
    @Override
    public String errorText(String body) {
      return TrafficOpsParser.errorText(body);
    }
  }
}
