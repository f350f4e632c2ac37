package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLSocket;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web.yml and the certificate and key it names are read again when they change (cert-manager
 * rotates them in place) and on reload, over real handshakes with clients that trust a test CA.
 */
class TlsRotationTest {
  static final Duration LATER = LiveWebConfig.CHECK_EVERY.plusMillis(1);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final HeldCertificate ca =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
  private final HandshakeCertificates trust =
      new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
          .build();
  private Simulator simulator;
  private App app;

  @BeforeEach
  void startSimulator() throws Exception {
    simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    simulator.close();
  }

  private HeldCertificate leaf(String name) {
    return new HeldCertificate.Builder()
        .commonName(name)
        .addSubjectAlternativeName("localhost")
        .signedBy(ca)
        .build();
  }

  private void install(HeldCertificate cert, HeldCertificate key) throws Exception {
    Files.writeString(dir.resolve("tls.crt"), cert.certificatePem());
    Files.writeString(dir.resolve("tls.key"), key.privateKeyPkcs8Pem());
  }

  private Path webYml(String extra) throws Exception {
    return Files.writeString(
        dir.resolve("web.yml"),
        "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n" + extra);
  }

  private void start(Path web) throws Exception {
    app =
        Exporters.start(
            """
            sources:
              sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            queries: [{name: q, source: sim, delay: 0s}]
            """
                .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
            Exporters.loopback(0).clock(clock).lifecycle(true).web(WebConfig.load(web), web));
  }

  /** The certificate the exporter presents to a new connection. */
  private Certificate presented() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) trust.sslSocketFactory().createSocket("localhost", app.port())) {
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  private Response reload() throws Exception {
    return client
        .newCall(
            new Request.Builder()
                .url("https://localhost:" + app.port() + "/-/reload")
                .post(RequestBody.create(new byte[0]))
                .build())
        .execute();
  }

  @Test
  void aRotatedCertificateIsPresentedOnTheNextConnection() throws Exception {
    HeldCertificate first = leaf("first");
    install(first, first);
    start(webYml(""));
    assertEquals(first.certificate(), presented());

    HeldCertificate second = leaf("second");
    install(second, second);
    clock.advance(LATER);
    assertEquals(second.certificate(), presented(), "the next connection after the rotation");

    // Between looks, the files are not read again; a reload reads them at once.
    HeldCertificate third = leaf("third");
    install(third, third);
    assertEquals(second.certificate(), presented());
    try (Response r = reload()) {
      assertEquals(200, r.code());
      assertEquals("Configuration reloaded.\n", r.body().string());
    }
    assertEquals(third.certificate(), presented());
  }

  @Test
  void aBadNewFileKeepsTheRunningCertificateAndSaysSo() throws Exception {
    HeldCertificate first = leaf("first");
    install(first, first);
    start(webYml(""));
    HeldCertificate second = leaf("second");
    try (LogCapture log = new LogCapture()) {
      // The certificate is written before its key: for a moment, the pair does not match.
      install(second, first);
      clock.advance(LATER);
      assertEquals(first.certificate(), presented());
      String problem =
          "tls_server_config: key_file "
              + dir.resolve("tls.key")
              + " does not match cert_file "
              + dir.resolve("tls.crt");
      assertTrue(log.text().contains("web config reload failed"), log.text());
      assertTrue(log.text().contains(problem), log.text());
      try (Response r = reload()) {
        String body = r.body().string();
        assertEquals(500, r.code());
        assertTrue(
            body.startsWith(
                "Configuration reloaded.\nWeb config not reloaded; the previous TLS and basic auth"
                    + " settings stay:\n"),
            body);
        assertTrue(body.contains(problem), body);
      }
      Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
      clock.advance(LATER);
      assertEquals(first.certificate(), presented());
      assertTrue(log.text().contains("cert_file " + dir.resolve("tls.crt")), log.text());
      String key = first.privateKeyPkcs8Pem().lines().skip(1).findFirst().orElseThrow();
      assertFalse(log.text().contains(key), "nothing of a key is logged");
    }
    install(second, second);
    clock.advance(LATER);
    assertEquals(second.certificate(), presented(), "the pair once it is whole");
  }

  @Test
  void switchingHttpsOffTakesARestart() throws Exception {
    HeldCertificate first = leaf("first");
    install(first, first);
    Path web = webYml("");
    start(web);
    Files.writeString(web, "basic_auth_users: {}\n");
    try (Response r = reload()) {
      assertEquals(500, r.code());
      assertTrue(
          r.body()
              .string()
              .contains(
                  web
                      + ": tls_server_config was removed; switching between HTTP and HTTPS takes a"
                      + " restart"));
    }
    assertEquals(first.certificate(), presented());
  }

  @Test
  void basicAuthUsersFollowTheFile() throws Exception {
    HeldCertificate cert = leaf("exporter");
    install(cert, cert);
    Path web = webYml("basic_auth_users:\n  prometheus: \"" + hash("old-password") + "\"\n");
    start(web);
    assertEquals(200, metrics("prometheus", "old-password")); // verified, and remembered
    webYml("basic_auth_users:\n  prometheus: \"" + hash("new-password") + "\"\n");
    clock.advance(LATER);
    assertEquals(401, metrics("prometheus", "old-password"), "remembered no more");
    assertEquals(200, metrics("prometheus", "new-password"));
    webYml("");
    clock.advance(LATER);
    assertEquals(200, metrics(null, null), "no users: no password");
  }

  private static String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(6, password.toCharArray());
  }

  private int metrics(String user, String password) throws Exception {
    Request.Builder b = new Request.Builder().url("https://localhost:" + app.port() + "/metrics");
    if (user != null) {
      b.header("Authorization", Credentials.basic(user, password));
    }
    try (Response r = client.newCall(b.build()).execute()) {
      return r.code();
    }
  }
}
