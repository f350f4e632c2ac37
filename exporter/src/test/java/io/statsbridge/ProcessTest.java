package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.Upstreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** statsbridge as users run it: its own JVM, its own flags, signals and logs. */
class ProcessTest {
  @TempDir Path dir;

  private Process start(Path log, String... args) throws Exception {
    return start(List.of(), log, args);
  }

  /** The exporter's JVM, run under {@code wrapper} (e.g. nohup) when one is given. */
  private Process start(List<String> wrapper, Path log, String... args) throws Exception {
    return start(wrapper, Map.of(), log, args);
  }

  private Process start(Map<String, String> env, Path log, String... args) throws Exception {
    return start(List.of(), env, log, args);
  }

  private Process start(List<String> wrapper, Map<String, String> env, Path log, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.statsbridge.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TEST_DD_API_KEY", "process-secret-api-key");
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  @Test
  void demoModeServesLiveDataWithNoConfig() throws Exception {
    Path log = dir.resolve("demo.log");
    Process p = start(log, "--demo", "--web.listen-address=127.0.0.1:0");
    try {
      int port = Processes.listeningPort(log, p);
      String metrics = "http://127.0.0.1:" + port + "/metrics";
      Await.until(
          "demo data on /metrics",
          Duration.ofSeconds(60),
          () ->
              Http.get(metrics)
                  .body()
                  .contains("datadog_cnm_tcp_refusals_total{query=\"service_to_service\""));
      Await.until(
          "readiness after the first round of polls",
          Duration.ofSeconds(30),
          () -> Http.get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200);
      String page = Http.get("http://127.0.0.1:" + port + "/").body();
      assertTrue(page.contains("team_by_zone"));
      assertTrue(page.contains("Demo mode"), page);
    } finally {
      stop(p);
    }
    String text = Files.readString(log);
    assertFalse(
        text.contains("poll skipped"), "a first poll in progress is no skipped poll:\n" + text);
    assertTrue(
        text.lines().allMatch(l -> l.startsWith("ts=")), "every log line is logfmt:\n" + text);
    assertTrue(text.contains("level=info logger=App msg=\"statsbridge started\""), text);
  }

  @Test
  void sighupReloadsTheConfigFile() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(10, 12), Clock.systemUTC())) {
      Path config = dir.resolve("statsbridge.yml");
      String yaml =
          """
          sources:
            sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "${TEST_DD_API_KEY}", app_key: "%s"}
          queries:
            - {name: %s, source: sim, group_by: [client_service], interval: 5s, delay: 0s}
          """;
      Files.writeString(config, yaml.formatted(simulator.url(), Simulator.DEMO_APP_KEY, "before"));
      Path log = dir.resolve("run.log");
      Process p = start(log, "--config.file=" + config, "--web.listen-address=127.0.0.1:0");
      try {
        int port = Processes.listeningPort(log, p);
        String page = "http://127.0.0.1:" + port + "/";
        Await.until(
            "the first query on the page",
            Duration.ofSeconds(30),
            () -> Http.get(page).body().contains("<td>before</td>"));
        Files.writeString(config, yaml.formatted(simulator.url(), Simulator.DEMO_APP_KEY, "after"));
        Processes.Result kill =
            Processes.run(List.of("kill", "-HUP", Long.toString(p.pid())), new byte[0], dir);
        assertEquals(0, kill.exitCode(), kill.output());
        Await.until(
            "the reloaded query on the page",
            Duration.ofSeconds(30),
            () -> Http.get(page).body().contains("<td>after</td>"));
        assertFalse(Http.get(page).body().contains("<td>before</td>"));
      } finally {
        stop(p);
      }
      String text = Files.readString(log);
      assertTrue(text.contains("msg=\"SIGHUP received, reloading config\""), text);
      assertFalse(text.contains("process-secret-api-key"), "secret in the log:\n" + text);
    }
  }

  @Test
  void startedWithSighupIgnoredItSaysHowElseToReload() throws Exception {
    Path log = dir.resolve("nohup.log");
    Process p = start(List.of("nohup"), log, "--demo", "--web.listen-address=127.0.0.1:0");
    try {
      Await.until(
          "the exporter to start",
          Duration.ofSeconds(60),
          () -> logContains(log, "statsbridge started"));
    } finally {
      stop(p);
    }
    String text = Files.readString(log);
    assertTrue(
        text.contains("SIGHUP is ignored by how this process was started")
            && text.contains("--web.enable-lifecycle"),
        text);
  }

  @Test
  void sigtermStopsWithStatusZeroAndLogsTheStop() throws Exception {
    Path log = dir.resolve("term.log");
    Path storage = dir.resolve("storage");
    Process p =
        start(log, "--demo", "--web.listen-address=127.0.0.1:0", "--storage.path=" + storage);
    Await.until(
        "the exporter to start",
        Duration.ofSeconds(60),
        () -> logContains(log, "statsbridge started"));
    Processes.Result kill =
        Processes.run(List.of("kill", "-TERM", Long.toString(p.pid())), new byte[0], dir);
    assertEquals(0, kill.exitCode(), kill.output());
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped within 10 s");
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("msg=\"SIGTERM received\""), text);
    assertTrue(text.contains("msg=\"stop requested; stopping\""), text);
    assertTrue(text.contains("msg=\"window cursors are on disk as of the last scrape\""), text);
    assertTrue(text.contains("msg=\"statsbridge stopped\""), text);
    assertTrue(
        text.lines().allMatch(l -> l.startsWith("ts=")), "every log line is logfmt:\n" + text);
  }

  @Test
  void twoEqualSecretsStartAndAnEchoOfEitherIsMasked() throws Exception {
    String key = "equal-api-and-app-key-0123456789";
    try (MockWebServer upstream =
        Upstreams.answering(
            r ->
                new MockResponse.Builder()
                    .code(403)
                    .body(
                        "forbidden: DD-API-KEY="
                            + r.getHeaders().get("DD-API-KEY")
                            + " DD-APPLICATION-KEY="
                            + r.getHeaders().get("DD-APPLICATION-KEY"))
                    .build())) {
      // A YAML alias gives both keys the one value, from the environment.
      Path config = dir.resolve("statsbridge.yml");
      Files.writeString(
          config,
          """
          sources:
            dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: &key "${TEST_DD_API_KEY}", app_key: *key}
          queries:
            - {name: q, source: dd, group_by: [client_service], interval: 1s, delay: 0s}
          """
              .formatted(upstream.url("/")));
      Path log = dir.resolve("equal.log");
      Process p =
          start(
              Map.of("TEST_DD_API_KEY", key),
              log,
              "--config.file=" + config,
              "--web.listen-address=127.0.0.1:0");
      String page;
      try {
        int port = Processes.listeningPort(log, p);
        Await.until(
            "the upstream's answer on the page",
            Duration.ofSeconds(30),
            () -> Http.get("http://127.0.0.1:" + port + "/").body().contains("forbidden"));
        page = Http.get("http://127.0.0.1:" + port + "/").body();
      } finally {
        stop(p);
      }
      String text = Files.readString(log);
      assertEquals(key, upstream.takeRequest().getHeaders().get("DD-APPLICATION-KEY"));
      assertTrue(
          page.contains("DD-API-KEY=&lt;secret&gt; DD-APPLICATION-KEY=&lt;secret&gt;"), page);
      assertFalse(text.contains(key.substring(0, 10)), "secret in the log:\n" + text);
      assertFalse(page.contains(key.substring(0, 10)), "secret on the page:\n" + page);
    }
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
