package io.statsbridge.source.trafficops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.config.ConfigException;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.testing.Deadlines;
import io.statsbridge.testing.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to Traffic Ops with a private CA: trusted through tls.ca_file, refused without it. */
class TrafficOpsTlsTest {
  static final Window WINDOW =
      new Window(Instant.parse("2019-10-28T20:45:00Z"), Instant.parse("2019-10-28T20:49:00Z"));

  @TempDir Path dir;
  private MockWebServer server;
  private Path caFile;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
    HeldCertificate cert =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    server = new MockWebServer();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
    server.start();
    caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, ca.certificatePem());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SourceQuery query(String tls) throws ConfigException {
    return Sources.firstQuery(
        """
        sources:
          cdn: {type: traffic_ops, url: "%s", username: u, password: p%s}
        queries: [{name: q, source: cdn, cdns: [a], metric_types: [bandwidth]}]
        """
            .formatted(server.url("/").newBuilder().host("localhost").build(), tls),
        Map.of(),
        Clock.systemUTC());
  }

  @Test
  void aPrivateCaInCaFileIsTrusted() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Set-Cookie", "mojolicious=t; Max-Age=3600")
            .body("{}")
            .build());
    server.enqueue(new MockResponse.Builder().body("{\"response\":{}}").build());
    query(", tls: {ca_file: \"" + caFile + "\"}")
        .fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5)));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void withoutTheCaTheHandshakeFails() throws Exception {
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> query("").fetch(WINDOW, Deadlines.within(Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("SSLHandshakeException"), e.getMessage());
  }

  @Test
  void aCaFileThatIsNotPemIsAConfigProblem() throws Exception {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "not a certificate");
    ConfigException e =
        assertThrows(ConfigException.class, () -> query(", tls: {ca_file: \"" + bad + "\"}"));
    assertTrue(
        e.problems()
            .get(0)
            .contains("sources.cdn.tls.ca_file: cannot read PEM certificates from " + bad),
        e.problems().toString());
  }
}
