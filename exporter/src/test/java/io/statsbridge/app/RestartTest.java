package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.source.datadog.DatadogProvider;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --storage.path}: a restart resumes after the last window a Prometheus scrape carried away,
 * so nothing is lost and nothing counted twice. The first process is simply dropped, as a {@code
 * kill -9} would drop it: nothing is written at shutdown.
 */
class RestartTest {
  static final String CLIENT = "checkout";
  static final String SERVER = "payments";
  static final String SERIES =
      "datadog_cnm_bytes_sent_by_client_total{query=\"pairs\",client_service=\""
          + CLIENT
          + "\",server_service=\""
          + SERVER
          + "\"}";

  @TempDir Path storage;
  private Simulator simulator;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:01Z"));

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(10, 40), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private String yaml() {
    return """
        sources:
          sim: {type: datadog, granularity: 5s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries:
          - {name: pairs, source: sim, group_by: [client_service, server_service], interval: 5s, delay: 0s, new_series_delay: 2s, max_window: 10m}
        """
        .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
  }

  private FakeTimeApp exporter() throws Exception {
    FakeTimeApp app =
        new FakeTimeApp(clock, yaml(), List.of(new DatadogProvider()), Optional.of(storage));
    app.advance(Duration.ZERO);
    return app;
  }

  private long truth(long from, long to) {
    return simulator.datadog().traffic().truth("bytes_sent_by_client", CLIENT, SERVER, from, to);
  }

  private static double value(String body) {
    return body.lines()
        .filter(l -> l.startsWith(SERIES + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(SERIES.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  @Test
  void aRestartResumesAfterTheLastScrapedWindowAndCountsEachWindowOnce() throws Exception {
    long firstFrom;
    double scrapedBeforeCrash;
    long deliveredTo;
    try (FakeTimeApp first = exporter()) {
      first.advance(Duration.ofSeconds(20));
      scrapedBeforeCrash = value(first.prometheusScrape());
      List<DatadogSimulator.Served> served = simulator.datadog().served();
      firstFrom = served.get(0).from();
      deliveredTo = served.get(served.size() - 1).to();
      assertEquals(truth(firstFrom, deliveredTo), scrapedBeforeCrash, 0.0);
      // Two more windows are fetched, and shown to a person's curl, but no Prometheus scrapes
      // them before the crash: they must be fetched again after it.
      first.advance(Duration.ofSeconds(10));
      assertTrue(value(first.curl()) > scrapedBeforeCrash);
    }
    clock.advance(Duration.ofSeconds(30));
    int before = simulator.datadog().served().size();
    try (LogCapture logs = new LogCapture();
        FakeTimeApp second = exporter()) {
      DatadogSimulator.Served resumed = simulator.datadog().served().get(before);
      assertEquals(deliveredTo, resumed.from(), "resumes at the last delivered window");
      // The operator sees it: one line per resumed query, with where it resumes.
      assertTrue(
          logs.text()
              .contains(
                  "msg=\"resuming after the last window a scrape carried away\" query=pairs from="
                      + Instant.ofEpochSecond(deliveredTo)
                      + "\n"),
          logs.text());
      assertEquals(0, value(second.prometheusScrape()), 0.0, "restarted counters show 0 first");
      second.advance(Duration.ofSeconds(2));
      double after = value(second.prometheusScrape());
      assertEquals(truth(deliveredTo, resumed.to()), after, 0.0);
      // What Prometheus' increase() sums over the restart: before the crash plus after it.
      assertEquals(truth(firstFrom, resumed.to()), scrapedBeforeCrash + after, 0.0);
    }
    String saved = Files.readString(storage.resolve("cursors.json"));
    assertTrue(saved.contains("\"pairs\""), saved);
  }

  @Test
  void aCorruptStateFileIsOneWarningAndAFreshStart() throws Exception {
    Files.writeString(storage.resolve("cursors.json"), "{\"format\":1,\"cursors\":{\"pairs\":");
    try (LogCapture logs = new LogCapture();
        FakeTimeApp app = exporter()) {
      assertEquals(
          1,
          logs.lines().stream().filter(l -> l.contains("saved window cursors are corrupt")).count(),
          logs.text());
      DatadogSimulator.Served w = simulator.datadog().served().get(0);
      assertEquals(5, w.to() - w.from(), "a fresh start polls one interval");
      assertEquals(200, io.statsbridge.testing.Http.get(app.url("/-/healthy")).statusCode());
    }
  }

  @Test
  void aQueryWhoseConfigChangedDoesNotResumeAnotherQuerysCursor() throws Exception {
    try (FakeTimeApp first = exporter()) {
      first.advance(Duration.ofSeconds(20));
      first.prometheusScrape();
    }
    clock.advance(Duration.ofSeconds(60));
    Files.writeString(
        storage.resolve("cursors.json"),
        Files.readString(storage.resolve("cursors.json"))
            .replaceAll("\"fingerprint\" : \"[0-9a-f]+\"", "\"fingerprint\" : \"0000\""));
    int before = simulator.datadog().served().size();
    try (LogCapture logs = new LogCapture();
        FakeTimeApp second = exporter()) {
      DatadogSimulator.Served w = simulator.datadog().served().get(before);
      assertEquals(5, w.to() - w.from(), "another config's cursor is not resumed");
      assertFalse(logs.text().contains("resuming"), logs.text());
    }
  }
}
