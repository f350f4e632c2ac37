package io.statsbridge.web;

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
 * password kept in a secret. A check that needs bcrypt completes on the auth pool; the request then
 * goes on on an HTTP thread, so the auth pool only ever runs bcrypt.
 */
final class AuthHandler extends Handler.Wrapper {
  private final BasicAuth auth;

  AuthHandler(BasicAuth auth, Handler next) {
    super(next);
    this.auth = auth;
  }

  static final Set<String> PROBES = Set.of("/-/healthy", "/-/ready");

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (PROBES.contains(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    CompletableFuture<BasicAuth.Verdict> verdict =
        auth.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (verdict.isDone()) {
      answer(verdict.join(), request, response, callback);
    } else {
      verdict.thenAcceptAsync(
          v -> answer(v, request, response, callback), request.getComponents().getExecutor());
    }
    return true;
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
