package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.demo.DatadogSimulator;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.source.datadog.DatadogProvider;
import io.statsbridge.testing.Http;
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
 * {@code --storage.path} when the disk or the file misbehaves: a window reaches Prometheus only
 * once its cursor is saved, a cursor from the future is distrusted, a file that is no regular file
 * cannot hang the start, and a filtered scrape saves what it carries.
 */
class StorageTest {
  private static final String SERIES = RestartTest.SERIES;

  @TempDir Path storage;
  private Simulator simulator;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:01Z"));

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(10, 40), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private FakeTimeApp exporter() throws Exception {
    String yaml =
        """
        sources:
          sim: {type: datadog, granularity: 5s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries:
          - {name: pairs, source: sim, group_by: [client_service, server_service], interval: 5s, delay: 0s, new_series_delay: 2s, max_window: 10m}
        """
            .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
    FakeTimeApp app =
        new FakeTimeApp(clock, yaml, List.of(new DatadogProvider()), Optional.of(storage));
    app.advance(Duration.ZERO);
    return app;
  }

  private long truth(long from, long to) {
    return simulator
        .datadog()
        .traffic()
        .truth("bytes_sent_by_client", RestartTest.CLIENT, RestartTest.SERVER, from, to);
  }

  private static double value(String body) {
    return body.lines()
        .filter(l -> l.startsWith(SERIES + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(SERIES.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  /** Writes fail from now on: a folder stands where the temporary file is written. */
  private void breakTheDisk() throws Exception {
    Files.createDirectories(storage.resolve("cursors.json.tmp").resolve("in-the-way"));
  }

  private void mendTheDisk() throws Exception {
    Files.delete(storage.resolve("cursors.json.tmp").resolve("in-the-way"));
    Files.delete(storage.resolve("cursors.json.tmp"));
  }

  @Test
  void whileSavesFailScrapesCarryNoWindowPastTheSavedCursorSoACrashCountsNothingTwice()
      throws Exception {
    long firstFrom;
    long savedTo;
    double carried;
    try (FakeTimeApp first = exporter()) {
      first.advance(Duration.ofSeconds(20));
      carried = value(first.prometheusScrape());
      List<DatadogSimulator.Served> served = simulator.datadog().served();
      firstFrom = served.get(0).from();
      savedTo = served.get(served.size() - 1).to();
      assertEquals(truth(firstFrom, savedTo), carried, 0.0);

      breakTheDisk();
      first.advance(Duration.ofSeconds(10));
      String during = first.prometheusScrape();
      assertEquals(carried, value(during), 0.0, "a window whose cursor is not saved went out");
      assertTrue(during.contains("statsbridge_storage_last_write_successful 0\n"), during);
      assertTrue(during.contains("statsbridge_storage_write_failures_total 1\n"), during);
      first.prometheusScrape();
      assertTrue(
          first.curl().contains("statsbridge_storage_write_failures_total 2\n"),
          "every failed write is counted");
      assertTrue(
          Http.get(first.url("/")).body().contains("Window cursors cannot be saved"),
          "the landing page says so");
      assertTrue(value(first.curl()) > carried, "a person's curl still sees the newest counts");
    } // the crash: nothing more is written
    mendTheDisk();
    clock.advance(Duration.ofSeconds(30));
    int before = simulator.datadog().served().size();
    try (FakeTimeApp second = exporter()) {
      DatadogSimulator.Served resumed = simulator.datadog().served().get(before);
      assertEquals(savedTo, resumed.from(), "resumes at the last saved cursor");
      second.prometheusScrape();
      second.advance(Duration.ofSeconds(2));
      double after = value(second.prometheusScrape());
      assertEquals(truth(firstFrom, resumed.to()), carried + after, 0.0, "each window once");
    }
  }

  @Test
  void whenSavesWorkAgainTheHeldWindowsGoOutOnce() throws Exception {
    try (FakeTimeApp app = exporter()) {
      app.advance(Duration.ofSeconds(20));
      long firstFrom = simulator.datadog().served().get(0).from();
      double carried = value(app.prometheusScrape());
      breakTheDisk();
      app.advance(Duration.ofSeconds(10));
      assertEquals(carried, value(app.prometheusScrape()), 0.0);
      mendTheDisk();
      String after = app.prometheusScrape();
      List<DatadogSimulator.Served> served = simulator.datadog().served();
      assertEquals(truth(firstFrom, served.get(served.size() - 1).to()), value(after), 0.0);
      assertTrue(after.contains("statsbridge_storage_last_write_successful 1\n"), after);
    }
  }

  @Test
  void aQueryResumedUpToDateIsReadyWithoutWaitingForItsNextWindow() throws Exception {
    try (FakeTimeApp first = exporter()) {
      first.advance(Duration.ofSeconds(20));
      first.prometheusScrape();
    }
    // Restarted at once: the saved cursor is up to date, the next window has not closed yet.
    try (FakeTimeApp second = exporter()) {
      assertEquals(
          200,
          Http.get(second.url("/-/ready")).statusCode(),
          "a rolling update waits for nothing the pod has to do");
    }
  }

  @Test
  void aCursorFromTheFutureIsDistrustedWithAWarningAndTheQueryStartsFresh() throws Exception {
    try (FakeTimeApp first = exporter()) {
      first.advance(Duration.ofSeconds(20));
      first.prometheusScrape();
    }
    Path file = storage.resolve("cursors.json");
    Files.writeString(
        file,
        Files.readString(file)
            .replaceAll(
                "\"window_end\" : \"[^\"]+\"",
                "\"window_end\" : \"" + clock.instant().plus(Duration.ofDays(3)) + "\""));
    int before = simulator.datadog().served().size();
    try (LogCapture logs = new LogCapture();
        FakeTimeApp second = exporter()) {
      assertTrue(
          simulator.datadog().served().size() > before,
          "the query polls instead of waiting 3 days");
      assertTrue(logs.text().contains("saved window cursor lies in the future"), logs.text());
      assertTrue(second.curl().contains("statsbridge_up{query=\"pairs\"} 1\n"));
    }
  }

  @Test
  void aCursorFileThatIsAFifoOrADeviceIsOneWarningAndAFreshStart() throws Exception {
    Path file = storage.resolve("cursors.json");
    for (List<String> make :
        List.of(
            List.of("mkfifo", file.toString()),
            List.of("ln", "-s", "/dev/zero", file.toString()))) {
      Files.deleteIfExists(file);
      assertEquals(0, new ProcessBuilder(make).start().waitFor(), String.join(" ", make));
      try (LogCapture logs = new LogCapture()) {
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              try (FakeTimeApp app = exporter()) {
                assertTrue(app.curl().contains("statsbridge_up{query=\"pairs\"} 1\n"));
              }
            },
            String.join(" ", make) + ": the start hung");
        assertEquals(
            1,
            logs.lines().stream().filter(l -> l.contains("not a regular file")).count(),
            logs.text());
      }
    }
  }

  @Test
  void aFilteredScrapeSavesTheCursorOfEveryQueryWhoseCountersItCarries() throws Exception {
    try (FakeTimeApp app = exporter()) {
      app.advance(Duration.ofSeconds(20));
      app.prometheusScrape("datadog_cnm_rtt_seconds");
      assertTrue(Files.notExists(storage.resolve("cursors.json")), "gauges alone carry no window");
      app.prometheusScrape("datadog_cnm_bytes_sent_by_client_total");
      assertTrue(Files.readString(storage.resolve("cursors.json")).contains("\"pairs\""));
    }
  }

  @Test
  void aSecondProcessOnTheSameFolderIsRefusedNamingTheFolderAndTheHolder() throws Exception {
    try (FakeTimeApp first = exporter()) {
      Exception refused =
          org.junit.jupiter.api.Assertions.assertThrows(Exception.class, this::exporter);
      assertTrue(
          refused.getMessage().contains("--storage.path " + storage + " is in use"),
          refused.getMessage());
      assertTrue(
          refused.getMessage().contains("pid " + ProcessHandle.current().pid()),
          refused.getMessage());
    }
    try (FakeTimeApp again = exporter()) {
      assertTrue(again.curl().contains("statsbridge_up"), "the lock went with the first process");
    }
  }
}
