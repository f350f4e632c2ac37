package io.statsbridge.web;

import io.statsbridge.exposition.Exposition.Format;
import io.statsbridge.log.Fatal;
import io.statsbridge.log.Log;
import io.statsbridge.status.ExporterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The exporter's endpoints, on exact paths: {@code GET}/{@code HEAD} on {@code /metrics}, {@code
 * /}, {@code /-/healthy} and {@code /-/ready}; {@code POST} on {@code /-/reload}. Anything else is
 * 404, another method 405. Nothing here blocks on a client: bodies are pre-rendered bytes written
 * asynchronously.
 */
public final class ExporterHandler extends Handler.Abstract {
  private static final Log LOG = Log.of(ExporterHandler.class);
  private static final List<String> READ = List.of("GET", "HEAD");

  private final MetricsRenderer metrics;
  private final ExporterStatus status;
  private final LandingPage page;
  private final Reloads reloads;
  private final boolean lifecycle;
  private final ReloadHosts reloadHosts;
  private final Clock clock;
  private final Fatal fatal;
  private final WriteBuffers buffers =
      new WriteBuffers(
          BodyWriter.WRITE, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  private final Map<String, Endpoint> endpoints;

  private interface Endpoint {
    void serve(Request request, Response response, Callback callback) throws Exception;
  }

  public ExporterHandler(
      MetricsRenderer metrics,
      ExporterStatus status,
      Reloads reloads,
      boolean lifecycle,
      ReloadHosts reloadHosts,
      boolean demo,
      Clock clock,
      Fatal fatal) {
    this.metrics = metrics;
    this.status = status;
    this.page = new LandingPage(status, demo);
    this.reloads = reloads;
    this.lifecycle = lifecycle;
    this.reloadHosts = reloadHosts;
    this.clock = clock;
    this.fatal = fatal;
    this.endpoints =
        Map.of(
            "/metrics", this::metrics,
            "/", this::landing,
            "/-/healthy", (rq, rs, cb) -> Responses.text(rs, cb, 200, "Healthy.\n"),
            "/-/ready", this::ready);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    try {
      if ("/-/reload".equals(path)) {
        if (!method.equals("POST")) {
          Responses.methodNotAllowed(response, callback, List.of("POST"));
        } else {
          reload(request, response, callback);
        }
        return true;
      }
      Endpoint endpoint = path == null ? null : endpoints.get(path);
      if (endpoint == null) {
        Responses.notFound(request, response, callback);
      } else if (!READ.contains(method)) {
        Responses.methodNotAllowed(response, callback, READ);
      } else {
        endpoint.serve(request, response, callback);
      }
    } catch (VirtualMachineError e) {
      fatal.handle(e);
    } catch (Throwable e) {
      LOG.error("request failed", "path", path, "err", e.toString());
      if (!response.isCommitted()) {
        Responses.text(response, callback, 500, "Internal error.\n");
      } else {
        callback.failed(e);
      }
    }
    return true;
  }

  private void metrics(Request request, Response response, Callback callback) {
    Set<String> names;
    try {
      names = names(request);
    } catch (RuntimeException e) {
      // A client's mistake (a malformed escape, bytes that are not UTF-8): a 400 it can read,
      // and nothing in the log that any client could fill.
      LOG.debug("bad query string", "query", request.getHttpURI().getQuery(), "err", e.toString());
      Responses.text(
          response,
          callback,
          400,
          "Bad query string: it does not decode as percent-encoded UTF-8 (a % must be followed"
              + " by two hexadecimal digits).\n");
      return;
    }
    writeMetrics(request, response, names, callback);
  }

  private void writeMetrics(
      Request request, Response response, Set<String> names, Callback callback) {
    Format format = Negotiation.format(request.getHeaders().get(HttpHeader.ACCEPT));
    boolean gzip = Negotiation.gzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
    boolean head = request.getMethod().equals("HEAD");
    Body body = metrics.render(format, gzip, names, isPrometheus(request) && !head);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType);
    if (gzip) {
      response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length());
    if (head) {
      callback.succeeded();
    } else {
      BodyWriter.write(response, body, callback, buffers);
    }
  }

  /**
   * Prometheus, and the agents built on its scrape code, send their scrape timeout with every
   * scrape; a person's curl does not, and must not count as having received the windows.
   */
  static boolean isPrometheus(Request request) {
    return request.getHeaders().contains("X-Prometheus-Scrape-Timeout-Seconds");
  }

  /** The {@code name[]} parameters, as simpleclient reads them. */
  static Set<String> names(Request request) {
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    Fields.Field names = fields.get("name[]");
    return names == null ? Set.of() : new LinkedHashSet<>(names.getValues());
  }

  private void landing(Request request, Response response, Callback callback) {
    byte[] html = page.render(status.statuses(), clock.instant()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, html.length);
    BodyWriter.write(response, Body.of(html), callback, buffers);
  }

  private void ready(Request request, Response response, Callback callback) {
    if (status.ready() && status.statuses().isEmpty()) {
      // Ready all the same: the replica works and has nothing to do. A 503 would hold every
      // rolling update of the StatefulSet at this pod and drop its own metrics from the scrape.
      Responses.text(response, callback, 200, "Ready; no queries on this shard.\n");
    } else if (status.ready()) {
      Responses.text(response, callback, 200, "Ready.\n");
    } else {
      Responses.text(
          response, callback, 503, "Not ready: the first round of polls has not finished.\n");
    }
  }

  private void reload(Request request, Response response, Callback callback) {
    if (!lifecycle) {
      Responses.text(
          response,
          callback,
          403,
          "Lifecycle API is not enabled: start with --web.enable-lifecycle, or send SIGHUP.\n");
      return;
    }
    if (CrossSite.refused(request)) {
      Responses.text(response, callback, 403, "Cross-site requests may not reload.\n");
      return;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (!reloadHosts.allows(host)) {
      // A DNS-rebinding page's own name: nothing of it goes to the log above debug.
      LOG.debug("reload refused for its Host header", "host", host);
      Responses.text(
          response,
          callback,
          403,
          "This exporter is not reached by the host name this request was sent to; to reload"
              + " through it, add it with --web.reload-allowed-hosts.\n");
      return;
    }
    reloads
        .request()
        .whenComplete(
            (outcome, failure) -> {
              if (failure != null) {
                Responses.text(response, callback, 500, "Reload failed: " + failure + "\n");
              } else {
                Responses.text(response, callback, outcome.status(), outcome.text());
              }
            });
  }
}
