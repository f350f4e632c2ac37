package io.statsbridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  @Test
  void quietTrafficHasNoRefusalsAndABurstAddsExactlyItsEvents() {
    Traffic traffic = Traffic.of(10, 40).quiet();
    long from = 1_800_000_000L;
    assertEquals(0, traffic.truth("tcp_refusals", "checkout", "payments", from, from + 3600));
    traffic
        .bursts()
        .add(
            new Bursts.Burst(
                "checkout", "payments", Bursts.Kind.REFUSALS, from + 100, from + 160, 5));
    assertEquals(300, traffic.truth("tcp_refusals", "checkout", "payments", from, from + 3600));
    assertEquals(50, traffic.truth("tcp_refusals", "checkout", "payments", from + 150, from + 200));
    assertEquals(0, traffic.truth("tcp_timeouts", "checkout", "payments", from, from + 3600));
    assertEquals(0, traffic.truth("tcp_refusals", "payments", "cart", from, from + 3600));
  }

  @Test
  void naturalTrafficHasBurstsEveryFewMinutes() {
    Traffic traffic = Traffic.of(10, 40);
    long from = 1_800_000_000L;
    long refusals = 0;
    for (Traffic.Flow f : traffic.flows()) {
      refusals += traffic.truth("tcp_refusals", f.client(), f.server(), from, from + 3600);
    }
    assertTrue(refusals > 0);
  }

  @Test
  void connectionAttributesAreWholeConnectionsPerSecondAsTheApiDocumentsThem() {
    Traffic traffic = Traffic.of(10, 40).quiet();
    DatadogSimulator datadog = new DatadogSimulator(traffic, "k", "a", new Faults(), null);
    long from = 1_800_000_000L;
    long to = from + 300;
    Traffic.Flow flow = traffic.flows().get(0);
    long opened = 0;
    for (long s = from; s < to; s++) {
      opened += Traffic.activity(flow, s);
    }
    String body =
        datadog.body(
            from,
            to,
            List.of("client_service", "server_service"),
            List.of("client_service:" + flow.client(), "server_service:" + flow.server()),
            10);
    assertTrue(body.contains("\"tcp_established_connections\":" + opened / 300 + ","), body);
    assertTrue(body.contains("\"tcp_closed_connections\":" + opened / 300 / 2 + ","), body);
  }

  @Test
  void queuedFaultsAreServedOnceEachInOrder() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC())) {
      simulator
          .faults()
          .inject(Fault.RATE_LIMIT, 1)
          .inject(Fault.SERVER_ERROR, 1)
          .inject(Fault.MALFORMED, 1);
      String url =
          simulator.url()
              + DatadogSimulator.PATH
              + "?from=1800000000&to=1800000060&group_by=client_service";
      String[] keys = {
        "DD-API-KEY", Simulator.DEMO_API_KEY, "DD-APPLICATION-KEY", Simulator.DEMO_APP_KEY
      };
      HttpResponse<String> limited = Http.get(url, keys);
      assertEquals(429, limited.statusCode());
      assertEquals("1", limited.headers().firstValue("X-RateLimit-Reset").orElse(""));
      assertEquals(503, Http.get(url, keys).statusCode());
      HttpResponse<String> cut = Http.get(url, keys);
      assertEquals(200, cut.statusCode());
      assertTrue(cut.body().startsWith("{\"data\":[") && !cut.body().endsWith("]}"), cut.body());
      HttpResponse<String> whole = Http.get(url, keys);
      assertTrue(whole.body().endsWith("]}"), whole.body());
    }
  }

  @Test
  void theBurstSwitchIsAnHttpPost() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(10, 40).quiet(), Clock.systemUTC())) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              simulator.url()
                                  + "/demo/burst?client=checkout&server=payments&kind=timeouts&seconds=60&rate=2"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      long now = System.currentTimeMillis() / 1000;
      assertTrue(
          simulator
                  .datadog()
                  .traffic()
                  .truth("tcp_timeouts", "checkout", "payments", now - 5, now + 5)
              > 0);
      assertEquals(405, Http.get(simulator.url() + "/demo/burst").statusCode());
      for (String bad : List.of("kind=refusal", "kind=refusals&seconds=ten")) {
        HttpResponse<String> refused =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                simulator.url()
                                    + "/demo/burst?client=checkout&server=payments&"
                                    + bad))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertTrue(
            !refused.body().contains("Exception") && !refused.body().contains("io.statsbridge"),
            refused.body());
        assertTrue(
            refused
                .body()
                .contains(
                    bad.contains("ten")
                        ? "seconds must be a whole number"
                        : "kind must be refusals or timeouts"),
            refused.body());
      }
    }
  }
}
