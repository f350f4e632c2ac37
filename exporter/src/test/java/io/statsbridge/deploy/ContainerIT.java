package io.statsbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image users build from docker/Dockerfile, both stages, built and run for real with podman. No
 * image registry can be reached where the tests run, so the base images are made from Debian's
 * packages (docker/test/base-images) and passed as build arguments; the build stage reads the Maven
 * repository of the build running this test, with no network. Containers run as the image says (its
 * user, entrypoint, HEALTHCHECK), with a read-only root file system and no writable /tmp, on the
 * host's network at loopback addresses. Every line any container logs must be logfmt.
 */
class ContainerIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String IMAGE = "localhost/statsbridge-test/statsbridge:it";
  static final Duration SHORT = Duration.ofSeconds(60);
  static final long MIB = 1024 * 1024;

  static final Pattern HEAP_MAX =
      Pattern.compile("^jvm_memory_bytes_max\\{area=\"heap\",?} (\\S+)$", Pattern.MULTILINE);

  /** A gauge of the demo's simulated Dynatrace, there after the first poll. */
  static final Pattern DEMO_DATA =
      Pattern.compile("(?m)^dynatrace_host_cpu_idle_percent\\{[^}]*query=\"host_cpu\"[^}]*} \\d");

  static final Pattern UP =
      Pattern.compile("(?m)^statsbridge_up\\{query=\"service_to_service\",?} 1(\\.0)?$");

  /** A scrape as Prometheus makes it: only such a scrape carries windows away (and saves them). */
  static final String SCRAPE_TIMEOUT = "X-Prometheus-Scrape-Timeout-Seconds";

  static Podman podman;
  private TestContainers containers;
  private final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
  @TempDir Path dir;

  @BeforeAll
  static void buildBothStages() throws Exception {
    podman = Podman.require(ROOT);
    TestContainers.removeLeftovers(podman);
    podman.buildImage(IMAGE);
  }

  @AfterAll
  static void removeLeftovers() throws Exception {
    if (podman != null) {
      TestContainers.removeLeftovers(podman);
    }
  }

  @BeforeEach
  void containers() {
    containers = new TestContainers(podman, IMAGE);
  }

  @AfterEach
  void everyLineLoggedIsLogfmtAndNothingIsLeft() throws Exception {
    assertEquals(List.of(), containers.removeAll(), "every line of podman logs is logfmt");
  }

  @Test
  void theDemoRunsReadOnlyAsItsUserWithTheHeapOfItsMemoryLimit() throws Exception {
    int port = freePort();
    String c =
        containers.start(List.of("--memory", "256m"), "--demo", "--web.listen-address=:" + port);
    String base = "http://127.0.0.1:" + port;
    String metrics = demoData(base, null);

    long pid = Long.parseLong(containers.inspect(c, "{{.State.Pid}}"));
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    assertTrue(status.contains("\nUid:\t10001\t10001\t10001\t10001\n"), status);
    assertTrue(status.contains("\nGid:\t10001\t10001\t10001\t10001\n"), status);

    assertEquals("true", containers.inspect(c, "{{.HostConfig.ReadonlyRootfs}}"));
    Podman.Result write =
        podman.podman(SHORT, "exec", "--user", "0", c, "touch", "/opt/statsbridge/written");
    assertNotEquals(0, write.exitCode());
    assertTrue(write.both().contains("Read-only file system"), write.both());

    assertEquals(0.75 * 256 * MIB, heapMax(metrics), 0.02 * 256 * MIB, "MaxRAMPercentage=75");
    // Not the serial collector the JVM picks below 1792 MiB: the image's flags are G1's.
    assertTrue(
        metrics.contains("jvm_gc_collection_seconds_count{gc=\"G1 Young Generation\"}"), metrics);
    podman.podman(SHORT, "healthcheck", "run", c).ok("podman healthcheck run");
  }

  @Test
  void theHealthcheckPassesWithTlsAndBasicAuthOnAnotherAddress() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.2").build();
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(web.resolve("cert.pem"), cert.certificatePem());
    Files.writeString(web.resolve("key.pem"), cert.privateKeyPkcs8Pem());
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, "s3cret".toCharArray());
    Files.writeString(
        web.resolve("web.yml"),
        "tls_server_config: {cert_file: cert.pem, key_file: key.pem}\n"
            + "basic_auth_users: {prometheus: \"%s\"}\n".formatted(hash));
    readableByTheImagesUser(web);
    int port = freePort();
    String c =
        containers.start(
            List.of("--memory", "512m", "--volume", web + ":/etc/statsbridge/web:ro"),
            "--demo",
            "--web.listen-address=127.0.0.2:" + port,
            "--web.config.file=/etc/statsbridge/web/web.yml");
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(cert.certificate()).build();
    OkHttpClient https =
        http.newBuilder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
    String base = "https://127.0.0.2:" + port;
    String metrics = demoData(base, https);

    podman.podman(SHORT, "healthcheck", "run", c).ok("podman healthcheck run");
    // What Kubernetes' probes with scheme: HTTPS ask: no password, and no certificate check.
    assertEquals(200, code(https, base + "/-/healthy", null));
    assertEquals(200, code(https, base + "/-/ready", null));
    assertEquals(401, code(https, base + "/metrics", null));
    assertEquals(
        "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
        plainHttp(InetAddress.getByName("127.0.0.2"), port),
        "Go's answer to plain HTTP on a TLS port");
    assertEquals(0.75 * 512 * MIB, heapMax(metrics), 0.02 * 512 * MIB, "MaxRAMPercentage=75");

    // The check is not one that always passes: a frozen statsbridge is unhealthy.
    podman.podman(SHORT, "kill", "--signal", "STOP", c).ok("SIGSTOP");
    Podman.Result frozen = podman.podman(SHORT, "healthcheck", "run", c);
    podman.podman(SHORT, "kill", "--signal", "CONT", c).ok("SIGCONT");
    assertNotEquals(0, frozen.exitCode(), frozen.both());
    podman.podman(SHORT, "healthcheck", "run", c).ok("podman healthcheck run after SIGCONT");
  }

  @Test
  void aNewContainerOnTheVolumeResumesAndSigtermStopsCleanly() throws Exception {
    String volume = containers.volume();
    int port = freePort();
    List<String> options = List.of("--volume", volume + ":/var/lib/statsbridge");
    String[] flags = {
      "--demo", "--storage.path=/var/lib/statsbridge", "--web.listen-address=127.0.0.1:" + port
    };
    String first = containers.start(options, flags);
    // A cursor is saved once a scrape carries a window away: the demo holds new series' first
    // windows for its new_series_delay (20 s), so scrape as Prometheus does until one is.
    JsonNode saved = null;
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while ((saved == null || saved.size() < 2) && System.nanoTime() < end) {
      demoData("http://127.0.0.1:" + port, null);
      Podman.Result cat =
          podman.podman(SHORT, "exec", first, "cat", "/var/lib/statsbridge/cursors.json");
      saved =
          cat.exitCode() == 0 ? new ObjectMapper().readTree(cat.stdout()).path("cursors") : null;
      Thread.sleep(1_000);
    }
    assertTrue(saved != null && saved.size() >= 2, "cursors saved: " + saved);
    stopsCleanlyOnSigterm(first);

    // A new container, as when a pod is rescheduled: only the volume carries over. (Not ready
    // until each resumed query's next window has closed: up to a minute and more here.)
    String second = containers.start(options, flags);
    await("http://127.0.0.1:" + port + "/-/healthy", null);
    String log = containers.logs(second);
    for (Map.Entry<String, JsonNode> cursor : saved.properties()) {
      assertTrue(
          log.contains(
              "msg=\"resuming after the last window a scrape carried away\" query="
                  + cursor.getKey()
                  + " from="
                  + cursor.getValue().path("window_end").asText()),
          cursor + " not resumed:\n" + log);
    }
    assertFalse(log.contains("starts fresh"), log);
    stopsCleanlyOnSigterm(second);
  }

  /** SIGTERM, as podman stop and Kubernetes send it: exit 0 within 10 s, having said so. */
  private void stopsCleanlyOnSigterm(String c) throws Exception {
    long start = System.nanoTime();
    podman.podman(SHORT, "kill", "--signal", "TERM", c).ok("SIGTERM");
    String exit = podman.podman(SHORT, "wait", c).ok("podman wait").stdout().strip();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String log = containers.logs(c);
    assertEquals("0", exit, log);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + took);
    System.out.println(c + ": SIGTERM to exit in " + took.toMillis() + " ms");
    for (String said :
        List.of(
            "msg=\"SIGTERM received\"",
            "msg=\"stop requested; stopping\"",
            "msg=\"window cursors are on disk as of the last scrape\"",
            "msg=\"statsbridge stopped\"")) {
      assertTrue(log.contains(said), said + " missing:\n" + log);
    }
  }

  /** /metrics once the demo's first polls are in, asked as Prometheus asks. */
  private String demoData(String base, OkHttpClient https) throws Exception {
    awaitReady(base, https);
    Request.Builder scrape =
        new Request.Builder().url(base + "/metrics").header(SCRAPE_TIMEOUT, "10");
    if (https != null) {
      scrape.header("Authorization", Credentials.basic("prometheus", "s3cret"));
    }
    try (Response r = (https != null ? https : http).newCall(scrape.build()).execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), body);
      assertTrue(DEMO_DATA.matcher(body).find(), body);
      assertTrue(UP.matcher(body).find(), body);
      return body;
    }
  }

  private void awaitReady(String base, OkHttpClient https) throws Exception {
    await(base + "/-/ready", https);
  }

  /** Until {@code url} answers 200. */
  private void await(String url, OkHttpClient https) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      try {
        if (code(https != null ? https : http, url, null) == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(url + " not 200 in 90s:\n" + containers.allLogs());
  }

  private int code(OkHttpClient client, String url, String authorization) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try (Response r = client.newCall(b.build()).execute()) {
      return r.code();
    }
  }

  private static double heapMax(String metrics) {
    Matcher m = HEAP_MAX.matcher(metrics);
    assertTrue(m.find(), "no jvm_memory_bytes_max{area=\"heap\"}");
    return Double.parseDouble(m.group(1));
  }

  private static String plainHttp(InetAddress host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** The test's temporary folder is the test's alone; the image's user must read the files. */
  private void readableByTheImagesUser(Path folder) throws IOException {
    for (Path p = folder;
        p.startsWith(dir.getParent()) && !p.equals(dir.getParent());
        p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
