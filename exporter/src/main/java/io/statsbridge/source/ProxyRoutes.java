package io.statsbridge.source;

import io.statsbridge.config.Secret;
import io.statsbridge.log.Log;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Which proxy a source's requests take, and what the proxy is told, on a client derived from the
 * shared one (same pool and dispatcher).
 *
 * <p>Proxy credentials go to the proxy only: an https upstream is reached through a CONNECT tunnel,
 * and {@code Proxy-Authorization} (with {@code proxy_connect_header}) is a header of the CONNECT
 * request, outside the TLS session, so the upstream never sees it, and the upstream's keys travel
 * inside the tunnel, so the proxy never sees them. A plain-http upstream is reached by handing the
 * proxy the request itself (an absolute URI): the proxy then reads every header, and {@code
 * Proxy-Authorization} is added to that request, and only when it goes to the proxy, never on a
 * connection that goes direct ({@code no_proxy}) or through a tunnel. As in Go's client, both are
 * sent up front, not after a 407.
 */
public final class ProxyRoutes {
  private static final Log LOG = Log.of(ProxyRoutes.class);

  /** What OkHttp's challenge says when it asks for CONNECT headers before sending one. */
  private static final String PREEMPTIVE = "OkHttp-Preemptive";

  private final Optional<ProxyServer> forHttp;
  private final Optional<ProxyServer> forHttps;
  private final NoProxy noProxy;
  private final Map<String, List<Secret>> connectHeaders;
  private final Map<Proxy, ProxyServer> byProxy = new HashMap<>();

  ProxyRoutes(
      Optional<ProxyServer> forHttp,
      Optional<ProxyServer> forHttps,
      NoProxy noProxy,
      Map<String, List<Secret>> connectHeaders) {
    this.forHttp = forHttp;
    this.forHttps = forHttps;
    this.noProxy = noProxy;
    this.connectHeaders = Map.copyOf(connectHeaders);
    forHttp.ifPresent(s -> byProxy.put(s.proxy(), s));
    forHttps.ifPresent(s -> byProxy.put(s.proxy(), s));
  }

  /**
   * The routes of {@code settings}; {@code proxy_from_environment} reads {@code env} now.
   *
   * @throws IllegalArgumentException when the environment names a proxy that cannot be used
   */
  public static ProxyRoutes of(ProxySettings settings, Function<String, String> env) {
    if (!settings.fromEnvironment()) {
      return new ProxyRoutes(
          settings.server(), settings.server(), settings.noProxy(), settings.connectHeaders());
    }
    Optional<ProxyServer> http = fromEnvironment(env, "HTTP_PROXY", "http_proxy");
    Optional<ProxyServer> https = fromEnvironment(env, "HTTPS_PROXY", "https_proxy");
    NoProxy.Parsed noProxy = NoProxy.parse(variable(env, "NO_PROXY", "no_proxy").orElse(""));
    if (!noProxy.problems().isEmpty()) {
      // The environment is shared with other programs, which may read more than we do: as Go
      // does, what cannot be read is left out, but said.
      LOG.warn(
          "NO_PROXY entries left out (proxy_from_environment)",
          "problems",
          String.join("; ", noProxy.problems()));
    }
    return new ProxyRoutes(http, https, noProxy.noProxy(), settings.connectHeaders());
  }

  private static Optional<ProxyServer> fromEnvironment(
      Function<String, String> env, String upper, String lower) {
    Optional<String> value = variable(env, upper, lower);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProxyServer.parse(value.get(), true));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "proxy_from_environment: " + upper + " " + e.getMessage(), e);
    }
  }

  /** The upper-case variable, else the lower-case one; empty values are unset (as in Go). */
  private static Optional<String> variable(
      Function<String, String> env, String upper, String lower) {
    for (String name : List.of(upper, lower)) {
      String value = env.apply(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Every proxy credential, for the redactor: those from the environment are known only now. */
  public List<String> secrets() {
    List<String> all = new ArrayList<>();
    forHttp.ifPresent(s -> all.addAll(s.secrets()));
    forHttps.ifPresent(s -> all.addAll(s.secrets()));
    connectHeaders.values().forEach(list -> list.forEach(s -> all.add(s.value())));
    return all;
  }

  /** The proxy a request to {@code scheme://host:port} takes; empty: it goes direct. */
  public Optional<ProxyServer> route(String scheme, String host, int port) {
    Optional<ProxyServer> server =
        switch (scheme) {
          case "https" -> forHttps;
          case "http" -> forHttp;
          default -> Optional.empty();
        };
    return server.filter(s -> !noProxy.bypasses(host, port));
  }

  /** {@code shared} with these routes; {@code shared} itself when there is no proxy at all. */
  public OkHttpClient client(OkHttpClient shared) {
    if (forHttp.isEmpty() && forHttps.isEmpty()) {
      return shared;
    }
    return shared
        .newBuilder()
        .proxySelector(new Selector())
        .proxyAuthenticator(this::authenticate)
        .addNetworkInterceptor(this::forwarded)
        .build();
  }

  /** For logs: where each scheme goes. */
  public String describe() {
    return "http="
        + forHttp.map(ProxyServer::address).orElse("direct")
        + " https="
        + forHttps.map(ProxyServer::address).orElse("direct")
        + (noProxy.isEmpty() ? "" : " no_proxy=" + noProxy);
  }

  /**
   * The headers of a CONNECT request: OkHttp asks before it sends one (the preemptive challenge). A
   * real 407, to a CONNECT or to a forwarded request, answers credentials already sent (or none to
   * send), so trying again would not help: it ends the call with {@link ProxyRefused}.
   */
  private Request authenticate(Route route, Response challenge) throws IOException {
    if (route == null) {
      return null;
    }
    ProxyServer server = byProxy.get(route.proxy());
    if (!PREEMPTIVE.equalsIgnoreCase(challenge.header("Proxy-Authenticate"))) {
      throw new ProxyRefused(
          "the proxy "
              + (server == null ? "" : server.address() + " ")
              + "answered 407 Proxy Authentication Required: check the user:password of proxy_url"
              + " (or the Proxy-Authorization of proxy_connect_header)");
    }
    if (!challenge.request().method().equals("CONNECT")) {
      return null;
    }
    Optional<Secret> credentials = server == null ? Optional.empty() : server.credentials();
    if (credentials.isEmpty() && connectHeaders.isEmpty()) {
      return null;
    }
    Request.Builder connect = challenge.request().newBuilder();
    connectHeaders.forEach(
        (name, values) -> {
          connect.removeHeader(name);
          values.forEach(v -> connect.addHeader(name, v.value()));
        });
    // As in Go's transport, the URL's credentials win over a connect header of the same name.
    credentials.ifPresent(c -> connect.header("Proxy-Authorization", c.value()));
    return connect.build();
  }

  /** Adds the proxy's credentials to a request handed to the proxy itself (plain http). */
  private Response forwarded(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    Connection connection = chain.connection();
    if (connection != null
        && connection.route().proxy().type() == Proxy.Type.HTTP
        && !connection.route().requiresTunnel()) {
      ProxyServer server = byProxy.get(connection.route().proxy());
      if (server != null && server.credentials().isPresent()) {
        request =
            request
                .newBuilder()
                .header("Proxy-Authorization", server.credentials().get().value())
                .build();
      }
    }
    return chain.proceed(request);
  }

  /** OkHttp asks per address; the answer never falls back to going direct. */
  private final class Selector extends ProxySelector {
    @Override
    public List<Proxy> select(URI uri) {
      String host = uri.getHost();
      if (host == null) {
        return List.of(Proxy.NO_PROXY);
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String scheme =
          uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return List.of(route(scheme, host, port).map(ProxyServer::proxy).orElse(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
      // Nothing to learn: there is one proxy per scheme, and no fallback.
    }
  }
}
