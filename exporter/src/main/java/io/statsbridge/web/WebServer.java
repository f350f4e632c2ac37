package io.statsbridge.web;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's core server (no servlets), set up for hostile networks: its non-blocking I/O holds no
 * thread for a client that sends its request slowly or never reads the answer; idle connections are
 * closed, and when connections reach the cap, idle ones are closed sooner. TLS and basic auth come
 * from {@link LiveWebConfig}, and follow it when its files change (HTTPS itself is on or off for
 * the server's life).
 */
public final class WebServer implements AutoCloseable {
  /** A connection that moves no byte this long is closed (Prometheus' scrape timeout is 10s). */
  static final long IDLE_TIMEOUT_MS = 30_000;

  /** More connections wait in the kernel's accept queue; idle ones then get a shorter timeout. */
  static final int MAX_CONNECTIONS = 512;

  static final long IDLE_TIMEOUT_AT_CAP_MS = 2_000;

  /** bcrypt checks at once: two cores' worth, whatever the flood. */
  static final int AUTH_THREADS = 2;

  /** bcrypt checks that may wait per remote address, and addresses that may have checks waiting. */
  static final int AUTH_WAITING_PER_CLIENT = 8;

  static final int AUTH_CLIENTS = 256;

  /**
   * HTTP threads at most and at least: a scrape only writes bytes rendered at poll time and never
   * blocks on a client (bodies go out asynchronously), so a few threads serve many scrapers;
   * Jetty's acceptor and selector take some of them.
   */
  static final int HTTP_THREADS_MAX = 16;

  static final int HTTP_THREADS_MIN = 4;

  /** The largest request head: a scrape's is a few hundred bytes. */
  static final int REQUEST_HEADER_BYTES = 8 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final BasicAuth auth;

  /**
   * @throws IOException when the address cannot be listened on, with a message that says why
   */
  public WebServer(InetSocketAddress address, Handler endpoints, LiveWebConfig web)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS_MAX, HTTP_THREADS_MIN);
    threads.setName("statsbridge-http");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
    ConnectionFactory[] factories;
    Optional<TlsSettings> tls = web.current().tls();
    if (tls.isPresent()) {
      http.addCustomizer(new SecureRequestCustomizer(false));
      RotatingSsl ssl = new RotatingSsl(web, tls.get());
      web.onChange(next -> next.tls().ifPresent(ssl::use));
      SslConnectionFactory secure = new SslConnectionFactory(ssl, "http/1.1");
      secure.addBean(new HandshakeLog());
      // TlsOnlyPort first: it hands TLS on and answers plain HTTP with a short 400.
      factories =
          new ConnectionFactory[] {new TlsOnlyPort(secure), new HttpConnectionFactory(http)};
    } else {
      factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
    }
    connector = new ServerConnector(server, 1, 1, factories);
    if (!address.getAddress().isAnyLocalAddress()) {
      connector.setHost(address.getHostString());
    }
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    connector.setAcceptQueueSize(128);
    server.addConnector(connector);
    NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
    limit.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_CAP_MS);
    server.addBean(limit);
    // A watched file may add users later: its server checks every request against the file's.
    auth =
        web.watched() || !web.current().basicAuthUsers().isEmpty()
            ? new BasicAuth(AUTH_THREADS, AUTH_WAITING_PER_CLIENT, AUTH_CLIENTS)
            : null;
    server.setHandler(auth == null ? endpoints : new AuthHandler(auth, web, endpoints));
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IOException(listenProblem(address, e), e);
    }
  }

  private static String listenProblem(InetSocketAddress address, Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof BindException)) {
      cause = cause.getCause();
    }
    String where = address.getHostString() + ":" + address.getPort();
    if (cause instanceof BindException b && String.valueOf(b.getMessage()).contains("in use")) {
      return "address already in use: another process listens on " + where;
    }
    if (cause instanceof BindException) {
      return "cannot listen on " + where + ": " + cause.getMessage();
    }
    return "cannot start the HTTP server on " + where + ": " + e.getMessage();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(
        connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort
    }
    if (auth != null) {
      auth.close();
    }
  }
}
