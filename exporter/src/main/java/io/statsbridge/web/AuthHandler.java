package io.statsbridge.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Puts {@link BasicAuth} in front of every endpoint but the two probes: {@code /-/healthy} and
 * {@code /-/ready} say only "Healthy."/"Ready.", and container and Kubernetes probes cannot carry a
 * password kept in a secret. A check that needs bcrypt completes on the auth pool, in the turn of
 * the request's remote address; the HTTP thread returns at once, and the request goes on on an HTTP
 * thread, so the auth pool only ever runs bcrypt. No users configured (yet): every request passes.
 */
final class AuthHandler extends Handler.Wrapper {
  private final BasicAuth auth;
  private final LiveWebConfig web;

  /**
   * @param web whose users to check against, as they are at each request
   */
  AuthHandler(BasicAuth auth, LiveWebConfig web, Handler next) {
    super(next);
    this.auth = auth;
    this.web = web;
  }

  static final Set<String> PROBES = Set.of("/-/healthy", "/-/ready");

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    web.checkIfDue(); // a connection kept alive sees changed users too
    Map<String, String> hashes = web.current().basicAuthUsers();
    if (hashes.isEmpty() || PROBES.contains(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    CompletableFuture<BasicAuth.Verdict> verdict =
        auth.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), client(request), hashes);
    if (verdict.isDone()) {
      answer(verdict.join(), request, response, callback);
    } else {
      verdict.thenAcceptAsync(
          v -> answer(v, request, response, callback), request.getComponents().getExecutor());
    }
    return true;
  }

  /**
   * Whose turn a check waits for: the remote IPv4 address, or the /64 of an IPv6 one (a single host
   * is usually given a whole /64, and could otherwise take one turn per address of it).
   */
  static String client(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      InetAddress address = inet.getAddress();
      if (address instanceof Inet6Address) {
        return HexFormat.of().formatHex(address.getAddress(), 0, 8) + "/64";
      }
      return address.getHostAddress();
    }
    return String.valueOf(remote);
  }

  private void answer(
      BasicAuth.Verdict verdict, Request request, Response response, Callback callback) {
    try {
      switch (verdict) {
        case ALLOWED -> {
          if (!super.handle(request, response, callback)) {
            Responses.notFound(request, response, callback);
          }
        }
        case DENIED -> {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"statsbridge\"");
          Responses.text(response, callback, 401, "Unauthorized.\n");
        }
        case BUSY -> {
          response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
          Responses.text(response, callback, 503, "Too many authentication attempts; retry.\n");
        }
      }
    } catch (Throwable e) {
      callback.failed(e);
    }
  }
}
