package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.statsbridge.app.App;
import io.statsbridge.config.ConfigException;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --web.config.file: TLS and bcrypt basic auth in Prometheus' web.yml format. */
class WebConfigTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void servesHttpsAndRequiresTheBcryptPassword() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    Path certFile = write("cert.pem", cert.certificatePem());
    Path keyFile = write("key.pem", cert.privateKeyPkcs8Pem());
    String hash = BCrypt.withDefaults().hashToString(6, "s3cret-pass".toCharArray());
    Path web =
        write(
            "web.yml",
            """
            tls_server_config:
              cert_file: %s
              key_file: %s
            basic_auth_users:
              prometheus: "%s"
            """
                .formatted(certFile, keyFile, hash));
    try (Simulator simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
        App app =
            Exporters.start(
                """
                sources:
                  sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
                queries: [{name: q, source: sim, group_by: [client_service], delay: 0s}]
                """
                    .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
                Exporters.loopback(0).web(WebConfig.load(web)).build())) {
      OkHttpClient client =
          new OkHttpClient.Builder()
              .sslSocketFactory(
                  new HandshakeCertificates.Builder()
                      .addTrustedCertificate(cert.certificate())
                      .build()
                      .sslSocketFactory(),
                  new HandshakeCertificates.Builder()
                      .addTrustedCertificate(cert.certificate())
                      .build()
                      .trustManager())
              .build();
      String url = "https://localhost:" + app.port() + "/metrics";
      try (Response anonymous = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals(401, anonymous.code());
      }
      try (Response wrong =
          client
              .newCall(
                  new Request.Builder()
                      .url(url)
                      .header("Authorization", Credentials.basic("prometheus", "guess"))
                      .build())
              .execute()) {
        assertEquals(401, wrong.code());
      }
      for (int i = 0; i < 2; i++) {
        try (Response ok =
            client
                .newCall(
                    new Request.Builder()
                        .url(url)
                        .header("Authorization", Credentials.basic("prometheus", "s3cret-pass"))
                        .build())
                .execute()) {
          assertEquals(200, ok.code());
          assertTrue(ok.body().string().contains("statsbridge_up"));
        }
      }
      try (Response page =
          client
              .newCall(new Request.Builder().url("https://localhost:" + app.port() + "/").build())
              .execute()) {
        assertEquals(401, page.code(), "the landing page is protected too");
      }
    }
  }

  @Test
  void problemsAreNamedAndPlainPasswordsRefused() throws Exception {
    Path web =
        write(
            "web.yml",
            """
            tls_server_config:
              cert_file: /nonexistent/cert.pem
            basic_auth_users:
              admin: hunter2
            """);
    List<String> problems =
        assertThrows(ConfigException.class, () -> WebConfig.load(web)).problems();
    String all = String.join("\n", problems);
    assertTrue(all.contains(web + ": tls_server_config: needs both cert_file and key_file"), all);
    assertTrue(
        all.contains(
            web
                + ": basic_auth_users.admin: must be a bcrypt hash ($2y$…), never a plain password"),
        all);
    assertFalse(all.contains("hunter2"), all);
  }

  @Test
  void unknownKeysAndUnreadableFilesAreReported() throws Exception {
    Path web = write("web.yml", "http_server_config: {http2: true}\n");
    assertTrue(
        assertThrows(ConfigException.class, () -> WebConfig.load(web))
            .problems()
            .get(0)
            .contains("http_server_config: unknown key"));
    Path tls =
        write(
            "tls.yml",
            "tls_server_config: {cert_file: /nonexistent/c.pem, key_file: /nonexistent/k.pem}\n");
    assertTrue(
        assertThrows(ConfigException.class, () -> WebConfig.load(tls))
            .problems()
            .get(0)
            .equals(tls + ": tls_server_config: cert_file /nonexistent/c.pem: file not found"));
    assertTrue(
        assertThrows(
                java.security.GeneralSecurityException.class,
                () ->
                    PemKeys.read(
                        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
            .getMessage()
            .contains("not a readable PEM private key"));
  }

  @Test
  void aWebConfigFileOverOneMebibyteIsRefusedUnread() throws Exception {
    Path web = write("web.yml", "basic_auth_users:\n  admin: " + "a".repeat(2_000_000) + "\n");
    assertEquals(
        List.of(
            web
                + ": cannot read web config file: larger than the limit of 1 MiB ("
                + Files.size(web)
                + " bytes); is this the right file?"),
        assertThrows(ConfigException.class, () -> WebConfig.load(web)).problems());
    assertEquals(
        List.of(dir.resolve("absent.yml") + ": cannot read web config file: file not found"),
        assertThrows(ConfigException.class, () -> WebConfig.load(dir.resolve("absent.yml")))
            .problems());
  }
}
