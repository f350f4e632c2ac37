package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.config.ConfigException;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.RawHttp;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tls_server_config over real handshakes: key formats, versions and cipher suites. */
class TlsTest {
  static final String CBC = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
  static final String GCM = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

  @TempDir Path dir;
  private Simulator simulator;

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  /** An exporter serving HTTPS with {@code cert}, the key written as {@code keyPem}. */
  private App serve(HeldCertificate cert, String keyPem, String extra) throws Exception {
    return serveWebYml(
        cert, keyPem, "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n" + extra);
  }

  /** An exporter with the web config {@code webYml}, which names cert.pem and key.pem. */
  private App serveWebYml(HeldCertificate cert, String keyPem, String webYml) throws Exception {
    Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(dir.resolve("key.pem"), keyPem);
    // Relative paths: resolved against the web config's own folder, as Prometheus does.
    Path web = dir.resolve("web.yml");
    Files.writeString(web, webYml);
    return Exporters.start(
        """
        sources:
          sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
        queries: [{name: q, source: sim, delay: 0s}]
        """
            .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
        Exporters.loopback(0).web(WebConfig.load(web)).build());
  }

  /**
   * A handshake as a client offering only {@code protocol} and {@code suite} (its default suites if
   * null).
   */
  private static String handshake(HeldCertificate cert, int port, String protocol, String suite)
      throws Exception {
    SSLContext context =
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(cert.certificate())
            .build()
            .sslContext();
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.setEnabledProtocols(new String[] {protocol});
      if (suite != null) {
        socket.setEnabledCipherSuites(new String[] {suite});
      }
      socket.startHandshake();
      return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
    }
  }

  private static String traditionalPem(KeyPair pair) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(pair);
    }
    return out.toString();
  }

  /**
   * An EC key pair made by BouncyCastle, whose SEC1 encoding names its curve as OpenSSL's does
   * ({@code openssl ecparam -genkey}), with the JDK's view of the same keys for the certificate.
   */
  private static KeyPair[] ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair bc = generator.generateKeyPair();
    KeyFactory jdk = KeyFactory.getInstance("EC");
    KeyPair plain =
        new KeyPair(
            jdk.generatePublic(new X509EncodedKeySpec(bc.getPublic().getEncoded())),
            jdk.generatePrivate(new PKCS8EncodedKeySpec(bc.getPrivate().getEncoded())));
    return new KeyPair[] {bc, plain};
  }

  @ParameterizedTest
  @ValueSource(strings = {"PKCS#8", "PKCS#1", "SEC1"})
  void everyKeyFormatOfPrometheusWebConfigServesHttps(String format) throws Exception {
    HeldCertificate.Builder b =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost");
    KeyPair[] ec = format.equals("SEC1") ? ecKeys() : null;
    HeldCertificate cert = ec != null ? b.keyPair(ec[1]).build() : b.rsa2048().build();
    String pem =
        switch (format) {
          case "PKCS#8" -> cert.privateKeyPkcs8Pem();
          case "PKCS#1" -> traditionalPem(cert.keyPair());
          default -> traditionalPem(ec[0]);
        };
    String header =
        switch (format) {
          case "PKCS#8" -> "-----BEGIN PRIVATE KEY-----";
          case "PKCS#1" -> "-----BEGIN RSA PRIVATE KEY-----";
          default -> "-----BEGIN EC PRIVATE KEY-----";
        };
    assertTrue(pem.startsWith(header), pem);
    try (App app = serve(cert, pem, "")) {
      String suite = format.equals("SEC1") ? "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" : GCM;
      assertEquals("TLSv1.2 " + suite, handshake(cert, app.port(), "TLSv1.2", suite));
      assertTrue(
          handshake(cert, app.port(), "TLSv1.3", "TLS_AES_128_GCM_SHA256").startsWith("TLSv1.3"));
    }
  }

  @Test
  void byDefaultTls12OffersOnlyEcdheWithAead() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    try (App app = serve(cert, cert.privateKeyPkcs8Pem(), "")) {
      assertThrows(SSLException.class, () -> handshake(cert, app.port(), "TLSv1.2", CBC));
    }
    // The same client gets through when the suite is configured: the refusal above is the
    // server's choice, not the client's.
    try (App app = serve(cert, cert.privateKeyPkcs8Pem(), "  cipher_suites: [" + CBC + "]\n")) {
      assertEquals("TLSv1.2 " + CBC, handshake(cert, app.port(), "TLSv1.2", CBC));
      assertThrows(SSLException.class, () -> handshake(cert, app.port(), "TLSv1.2", GCM));
    }
  }

  /**
   * As Go's server answers (and so Prometheus' exporters): a client that speaks plain HTTP to the
   * TLS port learns why in one short 400, instead of a connection closed without a word.
   */
  @Test
  void plainHttpToTheTlsPortGetsAShort400() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    try (App app = serve(cert, cert.privateKeyPkcs8Pem(), "")) {
      RawHttp.Response plain = RawHttp.get(app.port(), "/metrics");
      assertEquals(400, plain.status());
      assertEquals("Client sent an HTTP request to an HTTPS server.\n", plain.body());
      assertTrue(
          handshake(cert, app.port(), "TLSv1.3", "TLS_AES_128_GCM_SHA256").startsWith("TLSv1.3"),
          "TLS still works on the same port");
    }
  }

  @Test
  void aFailedHandshakeIsLoggedAtDebugWithItsReasonAndNothingOfTheKey() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    try (App app = serve(cert, cert.privateKeyPkcs8Pem(), "");
        LogCapture log = new LogCapture()) {
      assertThrows(SSLException.class, () -> handshake(cert, app.port(), "TLSv1.2", CBC));
      Await.until(
          "the failed handshake's log line",
          Duration.ofSeconds(10),
          () -> log.text().contains("TLS handshake failed"));
      String line =
          log.lines().stream().filter(l -> l.contains("TLS handshake failed")).findFirst().get();
      assertTrue(line.contains("level=debug"), line);
      assertTrue(line.contains("remote=/127.0.0.1:"), line);
      assertTrue(line.contains("SSLHandshakeException"), line);
      String key = cert.privateKeyPkcs8Pem().lines().skip(1).findFirst().orElseThrow();
      assertFalse(log.text().contains(key), "nothing of the key");
    }
  }

  @Test
  void minVersionRefusesOlderClients() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").rsa2048().build();
    try (App app = serve(cert, cert.privateKeyPkcs8Pem(), "  min_version: TLS13\n")) {
      assertThrows(SSLException.class, () -> handshake(cert, app.port(), "TLSv1.2", GCM));
      assertTrue(
          handshake(cert, app.port(), "TLSv1.3", "TLS_AES_128_GCM_SHA256").startsWith("TLSv1.3"));
    }
  }

  @Test
  void unknownVersionsAndSuitesAreNamed() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(dir.resolve("key.pem"), cert.privateKeyPkcs8Pem());
    Path web = dir.resolve("web.yml");
    Files.writeString(
        web,
        """
        tls_server_config:
          cert_file: cert.pem
          key_file: key.pem
          min_version: TLS1.2
          cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]
        """);
    String all =
        String.join(
            "\n", assertThrows(ConfigException.class, () -> WebConfig.load(web)).problems());
    assertTrue(
        all.contains(
            "tls_server_config.min_version: must be one of TLS10, TLS11, TLS12, TLS13 (got \"TLS1.2\")"),
        all);
    assertTrue(
        all.contains(
            "tls_server_config.cipher_suites[0]: unknown or unsupported cipher suite \"TLS_RSA_WITH_RC4_128_SHA\""),
        all);
  }

  /**
   * A renewed certificate beside the old key passed every check, and then every handshake failed
   * without a word. The pair is refused when the web config loads, naming both files.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"RSA PKCS#8", "RSA PKCS#1", "EC PKCS#8", "EC SEC1", "RSA certificate, EC key"})
  void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles(String pair) throws Exception {
    boolean rsaCert = pair.startsWith("RSA");
    boolean rsaKey = pair.startsWith("RSA") && !pair.endsWith("EC key");
    HeldCertificate cert = held(rsaCert);
    HeldCertificate other = held(rsaKey);
    String keyPem =
        pair.endsWith("PKCS#1")
            ? traditionalPem(other.keyPair())
            : pair.endsWith("SEC1") ? traditionalPem(ecKeys()[0]) : other.privateKeyPkcs8Pem();
    Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(dir.resolve("key.pem"), keyPem);
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n");
    String all =
        String.join(
            "\n", assertThrows(ConfigException.class, () -> WebConfig.load(web)).problems());
    assertEquals(
        web
            + ": tls_server_config: key_file "
            + dir.resolve("key.pem")
            + " does not match cert_file "
            + dir.resolve("cert.pem")
            + ": the key is not the private key of the certificate's public key (a renewed"
            + " certificate beside the old key?)",
        all);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theCertificatesOwnKeyIsAccepted(boolean rsa) throws Exception {
    HeldCertificate cert = held(rsa);
    Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(dir.resolve("key.pem"), cert.privateKeyPkcs8Pem());
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n");
    assertTrue(WebConfig.load(web).tls().isPresent());
  }

  /**
   * The web.yml of docs/configuration.md, with its own cipher suites, serves TLS 1.2 with an EC
   * certificate as with an RSA one: a list of only {@code _RSA_} suites leaves an EC key no suite
   * to sign with.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theReadmesWebConfigServesTls12WithAnEcOrAnRsaCertificate(boolean rsa) throws Exception {
    String readme =
        Files.readString(
            Path.of("..").toAbsolutePath().normalize().resolve("docs/configuration.md"));
    int start = readme.indexOf("```yaml\ntls_server_config:");
    assertTrue(start >= 0, "the web.yml example of docs/configuration.md");
    String example =
        readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 3));
    List<String> suites =
        example
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("- TLS_"))
            .map(l -> l.substring(2).split("\\s")[0])
            .toList();
    String webYml =
        example
            .replace("cert_file: tls.crt", "cert_file: cert.pem")
            .replace("key_file: tls.key", "key_file: key.pem")
            .replaceAll("(?s)basic_auth_users:.*", ""); // its hash is elided
    HeldCertificate cert = held(rsa);
    try (App app = serveWebYml(cert, cert.privateKeyPkcs8Pem(), webYml)) {
      // A client as Prometheus is one: it offers every suite it has, and the server picks.
      String negotiated = handshake(cert, app.port(), "TLSv1.2", null);
      assertTrue(suites.contains(negotiated.substring("TLSv1.2 ".length())), negotiated);
      String keyType = rsa ? "_RSA_" : "_ECDSA_";
      List<String> fitting = suites.stream().filter(suite -> suite.contains(keyType)).toList();
      for (String suite : fitting) {
        assertEquals("TLSv1.2 " + suite, handshake(cert, app.port(), "TLSv1.2", suite));
      }
    }
  }

  private static HeldCertificate held(boolean rsa) {
    HeldCertificate.Builder b =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost");
    return (rsa ? b.rsa2048() : b.ecdsa256()).build();
  }
}
