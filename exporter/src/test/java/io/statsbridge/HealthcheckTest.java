package io.statsbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.statsbridge.app.App;
import io.statsbridge.app.Options;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.web.WebConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --healthcheck, the container's HEALTHCHECK, against a real exporter with TLS and basic auth on an
 * address that is not 127.0.0.1: the old check (plain HTTP to 127.0.0.1) failed all three. The
 * flags come from a command line in /proc, as in a container, or are given.
 */
class HealthcheckTest {
  @TempDir Path dir;
  private Simulator simulator;
  private App app;
  private Path web;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").ecdsa256().build();
    Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(dir.resolve("key.pem"), cert.privateKeyPkcs8Pem());
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "pw".toCharArray());
    web = dir.resolve("web.yml");
    Files.writeString(
        web,
        "tls_server_config: {cert_file: cert.pem, key_file: key.pem}\n"
            + "basic_auth_users: {prometheus: \"%s\"}\n".formatted(hash));
    app =
        Exporters.start(
            """
            sources:
              sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            queries: [{name: q, source: sim, delay: 0s}]
            """
                .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
            Options.builder(new InetSocketAddress("127.0.0.2", 0))
                .unscheduled()
                .web(WebConfig.load(web))
                .build());
  }

  @AfterEach
  void stop() {
    app.close();
    simulator.close();
  }

  private int healthcheck(Path proc, String... args) {
    return Healthcheck.run(args, proc, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private String said() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A fake /proc whose PID 1 runs {@code commandLine}, as the image's ENTRYPOINT does. */
  private Path procWithPid1(String... commandLine) throws Exception {
    Path pid1 = Files.createDirectories(dir.resolve("proc/1"));
    Files.writeString(pid1.resolve("cmdline"), String.join("\0", commandLine) + "\0");
    Files.writeString(pid1.resolve("stat"), "1 (java) S 0 1 1 0 -1");
    return dir.resolve("proc");
  }

  private String listen() {
    return "--web.listen-address=127.0.0.2:" + app.port();
  }

  @Test
  void asksTheContainersStatsbridgeWithItsOwnFlagsOverTls() throws Exception {
    Path proc =
        procWithPid1(
            "java",
            "-XX:MaxRAMPercentage=75",
            "-jar",
            "/opt/statsbridge/statsbridge.jar",
            "--config.file=/etc/statsbridge/statsbridge.yml",
            listen(),
            "--web.config.file",
            web.toString());
    assertEquals(0, healthcheck(proc, "--healthcheck"), said());
    assertEquals(
        "healthy: https://127.0.0.2:" + app.port() + "/-/healthy: HTTP/1.1 200 OK\n", said());
  }

  @Test
  void givenWebFlagsAreAskedInsteadOfTheRunningOnes() {
    assertEquals(
        0, healthcheck(dir, "--healthcheck", listen(), "--web.config.file=" + web), said());
    assertTrue(said().startsWith("healthy: https://"), said());
  }

  @Test
  void plainHttpToTheTlsPortIsUnhealthyAndSaysWhy() {
    assertEquals(1, healthcheck(dir, "--healthcheck", listen()));
    assertEquals(
        "unhealthy: http://127.0.0.2:" + app.port() + "/-/healthy: HTTP/1.0 400 Bad Request\n",
        said());
  }

  @Test
  void nothingListeningIsUnhealthy() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertEquals(1, healthcheck(dir, "--healthcheck", "--web.listen-address=127.0.0.1:" + port));
    assertTrue(said().startsWith("unhealthy: http://127.0.0.1:" + port + "/-/healthy: "), said());
    assertTrue(said().contains("Connection refused"), said());
  }

  @Test
  void outsideAContainerItAsksForTheFlags() throws Exception {
    Path proc = procWithPid1("/sbin/init", "splash");
    assertEquals(1, healthcheck(proc, "--healthcheck"));
    assertTrue(said().startsWith("unhealthy: no statsbridge runs as PID 1"), said());
  }

  @Test
  void theFlagIsInTheHelp() {
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    Main.run(
        new String[] {"--help"},
        new PrintStream(help, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertTrue(help.toString(StandardCharsets.UTF_8).contains("--healthcheck"));
  }
}
