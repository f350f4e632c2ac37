package io.statsbridge.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.statsbridge.log.Log;
import io.statsbridge.metrics.Exposition.Format;
import io.statsbridge.store.Deliveries;
import io.statsbridge.store.ResultStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server (the one simpleclient_httpserver wraps) with a fixed, small set of handler
 * threads: /metrics, /-/healthy, /-/ready, POST /-/reload and the landing page.
 */
public final class WebServer implements AutoCloseable {
  private static final Log LOG = Log.of(WebServer.class);
  static final int THREADS = 4;

  static {
    disableNagle();
  }

  /**
   * The JDK server writes headers and body separately; with Nagle's algorithm on, the body can wait
   * for the client's delayed ACK (about 40 ms on Linux). The property is read once, when the first
   * server of the JVM starts, so every server of ours calls this before it is created.
   */
  public static void disableNagle() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;

  public WebServer(
      InetSocketAddress address,
      MetricsRenderer metrics,
      WebControl control,
      ResultStore store,
      Deliveries deliveries,
      Clock clock,
      WebConfig webConfig,
      boolean lifecycle)
      throws IOException {
    if (webConfig.tls().isPresent()) {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(webConfig.tls().get()));
      server = https;
    } else {
      server = HttpServer.create(address, 64);
    }
    Authenticator auth =
        webConfig.basicAuthUsers().isEmpty()
            ? null
            : new BcryptAuthenticator(webConfig.basicAuthUsers());
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "statsbridge-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    protect(
        server.createContext("/metrics", safe(ex -> serveMetrics(ex, metrics, deliveries))), auth);
    protect(server.createContext("/-/healthy", safe(ex -> text(ex, 200, "Healthy.\n"))), auth);
    protect(
        server.createContext(
            "/-/ready",
            safe(
                ex -> {
                  if (control.ready()) {
                    text(ex, 200, "Ready.\n");
                  } else {
                    text(ex, 503, "Not ready: the first round of polls has not finished.\n");
                  }
                })),
        auth);
    protect(server.createContext("/-/reload", safe(ex -> reload(ex, control, lifecycle))), auth);
    protect(
        server.createContext(
            "/",
            safe(
                ex -> {
                  if (!ex.getRequestURI().getPath().equals("/")) {
                    text(ex, 404, "Not found.\n");
                    return;
                  }
                  byte[] page =
                      LandingPage.render(control.statuses(), store, clock.instant())
                          .getBytes(StandardCharsets.UTF_8);
                  send(ex, 200, "text/html; charset=utf-8", List.of(page), false);
                })),
        auth);
    server.start();
  }

  private static void protect(HttpContext context, Authenticator auth) {
    if (auth != null) {
      context.setAuthenticator(auth);
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void serveMetrics(HttpExchange ex, MetricsRenderer metrics, Deliveries deliveries)
      throws IOException {
    Format format = Format.negotiate(ex.getRequestHeaders().getFirst("Accept"));
    boolean gzip = acceptsGzip(ex.getRequestHeaders().get("Accept-Encoding"));
    MetricsRenderer.Scrape scrape =
        metrics.render(format, gzip, names(ex.getRequestURI().getRawQuery()));
    if (isPrometheus(ex) && !ex.getRequestMethod().equals("HEAD")) {
      deliveries.delivering(scrape.cursors());
    }
    send(ex, 200, format.contentType, scrape.parts(), gzip);
  }

  /**
   * Prometheus, and the agents built on its scrape code, send their scrape timeout with every
   * scrape; a person's curl does not, and must not count as having received the windows.
   */
  static boolean isPrometheus(HttpExchange ex) {
    return ex.getRequestHeaders().containsKey("X-Prometheus-Scrape-Timeout-Seconds");
  }

  static boolean acceptsGzip(List<String> values) {
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String coding : value.split(",")) {
        String c = coding.trim();
        if (c.equals("gzip") || (c.startsWith("gzip;") && !c.replace(" ", "").endsWith("q=0"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code name[]} parameters, as simpleclient reads them. */
  static Set<String> names(String rawQuery) {
    Set<String> names = new LinkedHashSet<>();
    if (rawQuery == null) {
      return names;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        if (key.equals("name[]")) {
          names.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return names;
  }

  private static void reload(HttpExchange ex, WebControl control, boolean lifecycle)
      throws IOException {
    if (!lifecycle) {
      text(
          ex,
          403,
          "Lifecycle API is not enabled: start with --web.enable-lifecycle, or send SIGHUP.\n");
      return;
    }
    if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("PUT")) {
      ex.getResponseHeaders().set("Allow", "POST");
      text(ex, 405, "Use POST to reload the configuration.\n");
      return;
    }
    List<String> problems = control.reload();
    if (problems.isEmpty()) {
      text(ex, 200, "Configuration reloaded.\n");
    } else {
      text(
          ex,
          500,
          "Configuration not reloaded; the previous one keeps running:\n"
              + String.join("\n", problems)
              + "\n");
    }
  }

  private static void text(HttpExchange ex, int code, String body) throws IOException {
    send(
        ex,
        code,
        "text/plain; charset=utf-8",
        List.of(body.getBytes(StandardCharsets.UTF_8)),
        false);
  }

  private static void send(
      HttpExchange ex, int code, String contentType, List<byte[]> parts, boolean gzip)
      throws IOException {
    long length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        for (byte[] part : parts) {
          out.write(part);
        }
      }
    }
    ex.close();
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  /** A handler's failure ends in a 500 and a log line, never a dead handler thread. */
  private static HttpHandler safe(Handler handler) {
    return ex -> {
      try {
        handler.handle(ex);
      } catch (IOException e) {
        LOG.debug("client went away", "path", ex.getRequestURI().getPath(), "err", e.toString());
        ex.close();
      } catch (RuntimeException e) {
        LOG.error("request failed", "path", ex.getRequestURI().getPath(), "err", e.toString());
        try {
          text(ex, 500, "Internal error.\n");
        } catch (IOException | RuntimeException ignored) {
          ex.close();
        }
      }
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
