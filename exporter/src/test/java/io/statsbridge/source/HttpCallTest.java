package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.log.Redactor;
import io.statsbridge.testing.Deadlines;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class HttpCallTest {
  static final HttpCall.Dialect PLAIN =
      new HttpCall.Dialect() {
        @Override
        public String errorText(String body) {
          return body;
        }

        @Override
        public Optional<Duration> retryAfter(Headers headers) {
          return Optional.empty();
        }
      };

  private static SourceException failure(HttpCall call, MockWebServer server, String path) {
    return assertThrows(
        SourceException.class,
        () ->
            call.execute(
                new Request.Builder().url(server.url(path)).build(),
                Deadlines.within(Duration.ofSeconds(2)),
                h -> {}));
  }

  @Test
  void oversizedBodiesFailInsteadOfFillingTheHeap() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().body("x".repeat(5000)).build());
      HttpCall call = new HttpCall(new OkHttpClient(), PLAIN, 1024, Redactor.NONE);
      SourceException e = failure(call, server, "/big");
      assertEquals(SourceException.Kind.ERROR, e.kind());
      assertTrue(e.getMessage().contains("response body larger than 1024 bytes"), e.getMessage());
    }
  }

  @Test
  void upstreamErrorTextIsCutToOneBoundedLine() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(418)
              .body("line one\nline two\r\n" + "y".repeat(1000))
              .build());
      HttpCall call = new HttpCall(new OkHttpClient(), PLAIN, 1 << 20, Redactor.NONE);
      SourceException e = failure(call, server, "/teapot");
      assertTrue(
          e.getMessage().startsWith("GET /teapot: HTTP 418: line one line two yyy"),
          e.getMessage());
      assertTrue(e.getMessage().length() < 400);
      assertTrue(!e.getMessage().contains("\n"));
    }
  }

  @Test
  void aRedirectSaysWhereToAndIsNotFollowed() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(302)
              .setHeader("Location", "/e/other/api/v2/metrics/query?token=s3cret")
              .body("{\"moved\":true}")
              .build());
      HttpCall call =
          new HttpCall(
              new OkHttpClient.Builder().followRedirects(false).build(),
              PLAIN,
              1024,
              Redactor.of(java.util.List.of("s3cret")));
      SourceException e = failure(call, server, "/e/abc/api/v2/metrics/query");
      assertEquals(SourceException.Kind.ERROR, e.kind());
      assertEquals(302, e.httpStatus());
      assertEquals(
          "GET /e/abc/api/v2/metrics/query: HTTP 302: the upstream redirected to "
              + server.url("/e/other/api/v2/metrics/query")
              + "?token=<secret>"
              + " (not followed: point the source's url at the new address)",
          e.getMessage());
      assertEquals(1, server.getRequestCount(), "the redirect is not followed");
    }
  }

  @Test
  void aRedirectWithoutLocationSaysSo() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(301).body("moved").build());
      HttpCall call = new HttpCall(new OkHttpClient(), PLAIN, 1024, Redactor.NONE);
      SourceException e = failure(call, server, "/old");
      assertEquals(
          "GET /old: HTTP 301: the upstream redirected without saying where (no Location"
              + " header); not followed",
          e.getMessage());
    }
  }

  @Test
  void anUnreachableUpstreamIsTransient() throws Exception {
    String url;
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      url = server.url("/gone").toString();
    }
    HttpCall call = new HttpCall(new OkHttpClient(), PLAIN, 1024, Redactor.NONE);
    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                call.execute(
                    new Request.Builder().url(url).build(),
                    Deadlines.within(Duration.ofSeconds(2)),
                    h -> {}));
    assertEquals(SourceException.Kind.TRANSIENT, e.kind());
    assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
  }
}
