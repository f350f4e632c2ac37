package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Sources;
import io.statsbridge.testing.Upstreams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** A poll's deadline reaches every request of a source that needs several of them. */
class DeadlineTest {
  static final Window WINDOW =
      new Window(Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:05:00Z"));
  static final Clock CLOCK = Clock.systemUTC();

  private static MockWebServer serving(Dispatcher dispatcher) throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher);
    server.start();
    return server;
  }

  /** Each answer takes 300 ms; logins answer at once. */
  private static Dispatcher slow(String body) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().endsWith("/user/login")) {
          return new MockResponse.Builder()
              .addHeader("Set-Cookie", "mojolicious=t; Max-Age=3600")
              .body(Fixtures.read("trafficops-login-response.json"))
              .build();
        }
        return new MockResponse.Builder()
            .headersDelay(300, TimeUnit.MILLISECONDS)
            .setHeader("Content-Type", "application/json")
            .body(body)
            .build();
      }
    };
  }

  private static Deadline inOneSecond() {
    return Deadline.of(CLOCK, CLOCK.instant().plusSeconds(1), Duration.ofSeconds(5));
  }

  @Test
  void trafficOpsStopsItsRequestsPerCdnAndTypeAtTheDeadline() throws Exception {
    try (MockWebServer server =
        serving(slow(Fixtures.read("trafficops-cache-stats-response.json")))) {
      SourceQuery query =
          Sources.firstQuery(
              """
              sources:
                cdn: {type: traffic_ops, url: "%s", username: ops, password: pw}
              queries:
                - {name: cdn, source: cdn, cdns: [a, b, c], metric_types: [bandwidth, connections, maxkbps]}
              """
                  .formatted(server.url("/")),
              Map.of(),
              CLOCK);
      long start = System.nanoTime();
      SourceException e =
          assertThrows(SourceException.class, () -> query.fetch(WINDOW, inOneSecond()));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(SourceException.Kind.TIMEOUT, e.kind(), e.getMessage());
      // 9 requests of 300 ms each would take 2.7 s; the deadline ends the poll after about 1 s.
      assertTrue(ms < 1_900, "took " + ms + " ms");
      assertTrue(server.getRequestCount() <= 5, "requests: " + server.getRequestCount());
    }
  }

  @Test
  void dynatraceDescriptorLookupsStopAtTheDeadline() throws Exception {
    // One answer, nine metrics: each needs its descriptor (its unit) before it can be named.
    StringBuilder results = new StringBuilder();
    for (int i = 1; i <= 9; i++) {
      results
          .append(i > 1 ? "," : "")
          .append("{\"metricId\":\"m")
          .append(i)
          .append("\",\"data\":[{\"dimensionMap\":{},\"timestamps\":[1],\"values\":[1]}]}");
    }
    String nineMetrics =
        "{\"totalCount\":9,\"nextPageKey\":null,\"resolution\":\"1m\",\"result\":["
            + results
            + "]}";
    try (MockWebServer server = serving(slow(nineMetrics))) {
      SourceQuery query =
          Sources.firstQuery(
              """
              sources:
                dt: {type: dynatrace, url: "%s", api_token: t}
              queries:
                - {name: m, source: dt, metric_selector: "m1,m2,m3,m4,m5,m6,m7,m8,m9"}
              """
                  .formatted(server.url("/")),
              Map.of(),
              CLOCK);
      SourceException e =
          assertThrows(SourceException.class, () -> query.fetch(WINDOW, inOneSecond()));
      assertEquals(SourceException.Kind.TIMEOUT, e.kind(), e.getMessage());
      assertTrue(server.getRequestCount() <= 4, "requests: " + server.getRequestCount());
    }
  }

  @Test
  void cancellingAbortsTheRequestInFlight() throws Exception {
    try (MockWebServer server = Upstreams.stalling()) {
      SourceQuery query =
          Sources.firstQuery(
              """
              sources:
                dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
              queries:
                - {name: q, source: dd}
              """
                  .formatted(server.url("/")),
              Map.of(),
              CLOCK);
      Deadline deadline =
          Deadline.of(CLOCK, CLOCK.instant().plusSeconds(60), Duration.ofSeconds(30));
      Thread canceller =
          new Thread(
              () -> {
                try {
                  while (server.getRequestCount() == 0) {
                    Thread.sleep(10);
                  }
                } catch (InterruptedException ignored) {
                  return;
                }
                deadline.cancel();
              });
      canceller.start();
      long start = System.nanoTime();
      SourceException e = assertThrows(SourceException.class, () -> query.fetch(WINDOW, deadline));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(SourceException.Kind.TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("poll cancelled"), e.getMessage());
      assertTrue(ms < 5_000, "a cancelled request held its thread for " + ms + " ms");
      canceller.join();
    }
  }
}
