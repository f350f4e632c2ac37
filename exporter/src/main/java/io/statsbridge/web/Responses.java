package io.statsbridge.web;

import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small fixed answers, written without blocking. */
final class Responses {
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  static void text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
    Content.Sink.write(response, true, body, callback);
  }

  /** 405 with the methods the path takes. */
  static void methodNotAllowed(Response response, Callback callback, List<String> allowed) {
    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
    text(
        response, callback, 405, "Method not allowed; use " + String.join(" or ", allowed) + ".\n");
  }

  static void notFound(Request request, Response response, Callback callback) {
    text(response, callback, 404, "Not found.\n");
  }
}
