package io.statsbridge.source.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.demo.DynatraceSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Upstreams;
import java.net.http.HttpResponse;
import java.time.Clock;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Dynatrace says besides its rows, from the exporter's HTTP surface: the simulator cut at its
 * tuple limit, and answers Dynatrace gave with warnings, one of them without data.
 */
class DynatraceRemarksEndToEndTest {
  private Simulator simulator;
  private MockWebServer recorded;
  private App app;
  private String base;

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(2, 1), Clock.systemUTC());
    simulator.dynatrace().tupleLimit(2);
    recorded =
        Upstreams.answering(
            r -> {
              if (!r.getUrl().encodedPath().endsWith("/metrics/query")) {
                return json(VendorSpecs.read("keptn-descriptor-response-time.json"));
              }
              boolean noData = r.getUrl().queryParameter("metricSelector").contains("services");
              return json(
                  VendorSpecs.read(
                      noData
                          ? "keptn-query-warnings-no-data.json"
                          : "keptn-query-warning-with-data.json"));
            });
    app =
        Exporters.start(
            """
            sources:
              sim: {type: dynatrace, url: "%s", api_token: "%s"}
              rec: {type: dynatrace, url: "%s", api_token: "dt0c01.recorded-secret"}
            queries:
              - {name: cut, source: sim, metric_selector: "builtin:host.cpu.usage"}
              - {name: whole, source: sim, metric_selector: "builtin:tech.generic.cpu.usage"}
              - {name: warned, source: rec, metric_selector: "builtin:service.response.time:toUnit(MicroSecond,Byte)"}
              - {name: nodata, source: rec, metric_selector: "builtin:service.response.time:merge(\\"dt.entity.services\\")"}
            """
                .formatted(simulator.url(), DynatraceSimulator.TOKEN, recorded.url("/")),
            Exporters.loopback(0));
    base = "http://127.0.0.1:" + app.port();
    app.pollAllNow();
  }

  @AfterEach
  void stop() {
    app.close();
    recorded.close();
    simulator.close();
  }

  @Test
  void truncationWarningsAndNoDataReachMetricsAndTheLandingPage() {
    String metrics = Http.get(base + "/metrics").body();
    assertTrue(metrics.contains("statsbridge_query_truncated{query=\"cut\"} 1\n"), metrics);
    assertTrue(metrics.contains("statsbridge_query_truncated{query=\"whole\"} 0\n"), metrics);
    assertTrue(metrics.contains("statsbridge_upstream_warnings{query=\"warned\"} 1\n"), metrics);
    assertTrue(metrics.contains("statsbridge_upstream_warnings{query=\"nodata\"} 2\n"), metrics);
    assertTrue(metrics.contains("statsbridge_query_no_data{query=\"nodata\"} 1\n"), metrics);
    assertTrue(metrics.contains("statsbridge_query_no_data{query=\"warned\"} 0\n"), metrics);
    assertEquals(
        2,
        metrics.lines().filter(l -> l.startsWith("dynatrace_host_cpu_usage_percent{")).count(),
        "the two hosts within the limit");
    assertTrue(metrics.contains("query=\"warned\""), "the warned query still has its data");

    HttpResponse<String> page = Http.get(base + "/");
    String html = page.body();
    assertTrue(
        html.contains(
            "truncated: builtin:host.cpu.usage reached Dynatrace&#39;s limit of dimension tuples"
                + " (dimensionCountRatio 1.5); Dynatrace ignores the tuples past it"),
        html);
    assertTrue(
        html.contains(
            "warning: SourceUnit &#39;MicroSecond&#39; cannot be converted to targetUnit"
                + " &#39;Byte&#39;."),
        html);
    assertTrue(
        html.contains(
            "warning: The dimension key `dt.entity.services` has been referenced, but the metric"
                + " has no such key."),
        html);
    assertTrue(html.contains("class=\"no_data\">no data"), html);
    assertFalse(html.contains("recorded-secret"));
  }
}
