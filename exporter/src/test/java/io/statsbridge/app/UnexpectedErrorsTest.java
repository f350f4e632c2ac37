package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.ConfigLoader;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.FailingProvider;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.Upstreams;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bug of ours whose exception quotes a configured value (as {@code Set.of} did with two equal
 * keys: {@code duplicate element: <the key>}) shows the value masked wherever its text goes: the
 * query's error, the landing page, the log, the reload answer.
 */
class UnexpectedErrorsTest {
  static final String API_KEY = "api-key-0123456789abcdef";
  static final String APP_KEY = "app-key-fedcba9876543210";
  static final String NEW_API_KEY = "rotated-api-key-5555666677778888";

  private final FailingProvider provider = new FailingProvider(FailingProvider.Where.NOWHERE);
  private final AtomicReference<String> apiKey = new AtomicReference<>(API_KEY);
  private final AtomicBoolean loadFails = new AtomicBoolean();
  private MockWebServer upstream;
  private LogCapture logs;
  private App app;

  @BeforeEach
  void start() throws Exception {
    upstream = Upstreams.answering(r -> new MockResponse.Builder().code(503).build());
    logs = new LogCapture();
    ConfigLoader loader =
        new ConfigLoader(List.of(provider), Map.of("API_KEY", API_KEY, "APP_KEY", APP_KEY)::get);
    app =
        App.start(
            () -> {
              if (loadFails.get()) {
                throw new IllegalStateException("cannot use " + API_KEY);
              }
              return loader.parse(
                  "test.yml",
                  """
                    sources:
                      dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: %s, app_key: "${APP_KEY}"}
                    queries:
                      - {name: q, source: dd, group_by: [client_service], delay: 0s}
                    """
                      .formatted(upstream.url("/"), apiKey.get()));
            },
            Exporters.loopback(0).lifecycle(true).build());
  }

  @AfterEach
  void stop() {
    app.close();
    logs.close();
    upstream.close();
  }

  private void assertNoSecretIn(String shown) {
    for (String secret : List.of(API_KEY, APP_KEY, NEW_API_KEY)) {
      assertFalse(shown.contains(secret.substring(0, 12)), "a secret leaked:\n" + shown);
    }
  }

  @Test
  void aPollThatFailsUnexpectedlyShowsTheSecretsMasked() {
    provider.failAt(FailingProvider.Where.FETCH);
    app.pollAllNow();
    QueryStatus status = app.statuses().get(0);
    assertEquals(1, status.polls(Outcome.ERROR));
    assertEquals(
        "internal error: java.lang.IllegalArgumentException: unexpected values: [<secret>,"
            + " <secret>]",
        status.lastError());
    String page = Http.get("http://127.0.0.1:" + app.port() + "/").body();
    assertTrue(page.contains("unexpected values: [&lt;secret&gt;, &lt;secret&gt;]"), page);
    assertTrue(logs.text().contains("poll failed unexpectedly"), logs.text());
    assertNoSecretIn(logs.text() + page);
  }

  @Test
  void aReloadThatFailsUnexpectedlyAnswersWithTheNewSecretsMasked() {
    provider.failAt(FailingProvider.Where.OPEN);
    apiKey.set(NEW_API_KEY); // a changed source is opened anew, and throws
    HttpResponse<String> answer = Http.post("http://127.0.0.1:" + app.port() + "/-/reload");
    assertEquals(500, answer.statusCode());
    assertTrue(
        answer
            .body()
            .contains(
                "cannot start the new configuration: unexpected values: [<secret>, <secret>]"),
        answer.body());
    assertTrue(logs.text().contains("config reload failed"), logs.text());
    assertNoSecretIn(answer.body() + logs.text());
  }

  @Test
  void aReloadWhoseLoadingThrowsAnswersWithTheSecretsMasked() {
    loadFails.set(true);
    HttpResponse<String> answer = Http.post("http://127.0.0.1:" + app.port() + "/-/reload");
    assertEquals(500, answer.statusCode());
    assertTrue(
        answer
            .body()
            .contains("internal error: java.lang.IllegalStateException: cannot use <secret>"),
        answer.body());
    assertNoSecretIn(answer.body() + logs.text());
  }
}
