package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.SourceProvider;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.datadog.DatadogProvider;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reload as a transaction, on fake time against the simulator over real HTTP. */
class ReloadTest {
  private Simulator simulator;
  private Simulator other;
  private FakeTimeApp exporter;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:01Z"));

  /** Datadog, except that opening a source fails while {@link #failOpen} is set. */
  private final AtomicBoolean failOpen = new AtomicBoolean();

  private final AtomicInteger closed = new AtomicInteger();

  private final SourceProvider provider =
      new SourceProvider() {
        private final DatadogProvider datadog = new DatadogProvider();

        @Override
        public String type() {
          return datadog.type();
        }

        @Override
        public Set<String> queryKeys() {
          return datadog.queryKeys();
        }

        @Override
        public Optional<SourceSettings> parseSource(ConfigNode node) {
          return datadog.parseSource(node);
        }

        @Override
        public Optional<QuerySpec> parseQuery(ConfigNode node) {
          return datadog.parseQuery(node);
        }

        @Override
        public Source open(String name, SourceSettings settings, SourceContext context) {
          if (failOpen.get()) {
            throw new IllegalStateException("cannot read tls.ca_file /etc/gone.pem");
          }
          Source real = datadog.open(name, settings, context);
          return new Source() {
            @Override
            public SourceQuery bind(String queryName, QuerySpec spec) {
              return real.bind(queryName, spec);
            }

            @Override
            public OptionalDouble rateLimitRemaining() {
              return real.rateLimitRemaining();
            }

            @Override
            public void close() {
              closed.incrementAndGet();
              real.close();
            }
          };
        }
      };

  private String yaml(Simulator upstream) {
    return """
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries:
          - {name: pairs, source: sim, group_by: [client_service, server_service], interval: 10s, delay: 0s, new_series_delay: 2s}
        """
        .formatted(upstream.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
  }

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(4, 6), Clock.systemUTC());
    other = Simulator.start(Traffic.of(4, 6), Clock.systemUTC());
    exporter = new FakeTimeApp(clock, yaml(simulator), List.of(provider), Optional.empty());
    exporter.advance(Duration.ZERO);
    exporter.advance(Duration.ofSeconds(25));
  }

  @AfterEach
  void stop() {
    exporter.close();
    simulator.close();
    other.close();
  }

  private QueryStatus status() {
    return exporter.app.statuses().get(0);
  }

  @Test
  void anUnchangedReloadChangesNoSelfMetricButTheReloadOnes() {
    List<String> before = exporter.selfMetrics(exporter.curl());
    assertTrue(before.contains("statsbridge_up{query=\"pairs\"} 1"), before.toString());
    assertEquals(List.of(), exporter.app.reload());
    exporter.advance(Duration.ZERO);
    assertEquals(before, exporter.selfMetrics(exporter.curl()));
    assertEquals(Outcome.SUCCESS, status().lastOutcome().orElseThrow());
    String page = Http.get(exporter.url("/")).body();
    assertTrue(
        page.contains("<td class=\"success\">success</td>"), "carried, not pending: " + page);
    assertTrue(
        page.matches("(?s).*<td>in \\d+s</td><td>[^<]*</td></tr>.*"),
        "next poll is relative: " + page);
    assertFalse(page.contains("Demo mode"), page);
  }

  @Test
  void aSourceThatCannotOpenKeepsTheOldRuntimePolling() {
    long polls = status().polls(Outcome.SUCCESS);
    int served = simulator.datadog().served().size();
    failOpen.set(true);
    exporter.yaml.set(yaml(other));
    HttpResponse<String> answer;
    try (LogCapture logs = new LogCapture()) {
      answer = Http.post(exporter.url("/-/reload"));
      assertTrue(logs.text().contains("config reload failed"), logs.text());
    }
    assertEquals(500, answer.statusCode());
    assertTrue(answer.body().contains("cannot read tls.ca_file /etc/gone.pem"), answer.body());
    assertTrue(
        exporter.curl().contains("statsbridge_config_last_reload_successful 0\n"),
        "a failed reload is shown");

    exporter.advance(Duration.ofSeconds(30));
    assertEquals(polls + 3, status().polls(Outcome.SUCCESS), "the old runtime still polls");
    assertEquals(served + 3, simulator.datadog().served().size());
    assertEquals(0, other.datadog().served().size());
    assertEquals(0, closed.get());

    failOpen.set(false);
    assertEquals(List.of(), exporter.app.reload());
    assertEquals(1, closed.get(), "the replaced source is closed");
    exporter.advance(Duration.ofSeconds(10));
    assertFalse(other.datadog().served().isEmpty(), "the new source polls");
    assertTrue(exporter.curl().contains("statsbridge_config_last_reload_successful 1\n"));
  }

  @Test
  void aChangeOfTimingKeepsTheWindowsAndCounters() {
    String counter =
        exporter
            .curl()
            .lines()
            .filter(l -> l.startsWith("datadog_cnm_bytes_sent_by_client_total{"))
            .findFirst()
            .orElseThrow()
            .split(" ")[0];
    double before = value(exporter.curl(), counter);
    assertTrue(before > 0, "counted so far: " + before);
    exporter.yaml.set(yaml(simulator).replace("interval: 10s", "interval: 20s"));
    assertEquals(List.of(), exporter.app.reload());
    exporter.advance(Duration.ZERO);
    assertEquals(before, value(exporter.curl(), counter), "a timing change is no counter reset");
    exporter.advance(Duration.ofSeconds(40));
    var served = simulator.datadog().served();
    for (int i = 1; i < served.size(); i++) {
      assertEquals(served.get(i - 1).to(), served.get(i).from(), "windows stay contiguous");
    }
  }

  private static double value(String body, String series) {
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }
}
