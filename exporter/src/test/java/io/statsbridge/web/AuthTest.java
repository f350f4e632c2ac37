package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Exporters;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth over real sockets: no user-name oracle, no bcrypt on HTTP threads, no resets. */
class AuthTest {
  static final String PASSWORD = "correct horse battery staple";

  /** Longer than bcrypt's 72 bytes: Go's bcrypt (Prometheus) compares the first 72. */
  static final String LONG = "L".repeat(72) + "-and-then-some";

  @TempDir Path dir;
  private Simulator simulator;
  private App app;

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(8, PASSWORD.toCharArray());
    // As OpenBSD and Go hash a password of 72 bytes or more: its first 72, no terminator.
    String longHash =
        new String(
            BCrypt.with(BCrypt.Version.VERSION_2Y_NO_NULL_TERMINATOR)
                .hash(8, Arrays.copyOf(LONG.getBytes(StandardCharsets.UTF_8), 72)),
            StandardCharsets.UTF_8);
    Path web = dir.resolve("web.yml");
    Files.writeString(
        web, "basic_auth_users:\n  prometheus: \"%s\"\n  long: \"%s\"\n".formatted(hash, longHash));
    app =
        Exporters.start(
            """
            sources:
              sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
            queries: [{name: q, source: sim, delay: 0s}]
            """
                .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
            Exporters.loopback(0).web(WebConfig.load(web)).build());
  }

  @AfterEach
  void stop() {
    app.close();
    simulator.close();
  }

  /** The status line's code of a raw GET with {@code authorization}; -1 if the connection broke. */
  private int get(String path, String authorization) throws Exception {
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                  + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      in.readAllBytes();
      String line = new String(head, StandardCharsets.ISO_8859_1);
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private long millis(String authorization) throws Exception {
    long t0 = System.nanoTime();
    assertEquals(401, get("/", authorization));
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void malformedHeadersAreAnsweredWith401() throws Exception {
    for (String header :
        List.of(
            "Basic !!!not-base64",
            "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()),
            "Basic",
            "Bearer abc",
            basic("prometheus", "x".repeat(200)))) {
      assertEquals(401, get("/metrics", header), header);
    }
    assertEquals(401, get("/metrics", null));
    assertEquals(200, get("/metrics", basic("prometheus", PASSWORD)));
  }

  @Test
  void anUnknownUserCostsAsMuchAsAWrongPassword() throws Exception {
    millis(basic("nobody", "warm-up"));
    List<Long> unknown = new ArrayList<>();
    List<Long> wrong = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      unknown.add(millis(basic("nobody-" + i, "guess")));
      wrong.add(millis(basic("prometheus", "guess-" + i)));
    }
    long u = median(unknown);
    long w = median(wrong);
    // Both run one bcrypt of the same cost; before, an unknown user answered in ~0 ms.
    assertTrue(u * 3 >= w && w * 3 >= u, "unknown user " + u + " ms, wrong password " + w + " ms");
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void aFloodOfWrongPasswordsDoesNotSlowAValidScraper() throws Exception {
    String valid = basic("prometheus", PASSWORD);
    assertEquals(200, get("/metrics", valid)); // verified once, remembered
    ExecutorService attackers = Executors.newFixedThreadPool(32);
    try {
      List<Future<Integer>> flood = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String guess = basic("prometheus", "guess-" + i);
        flood.add(attackers.submit(() -> get("/metrics", guess)));
      }
      long worst = 0;
      for (int i = 0; i < 10; i++) {
        long t0 = System.nanoTime();
        assertEquals(200, get("/metrics", valid));
        worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
      }
      assertTrue(worst < 500, "a valid scrape took " + worst + " ms during the flood");
      for (Future<Integer> f : flood) {
        int code = f.get();
        assertTrue(code == 401 || code == 503, "flood answered " + code);
      }
    } finally {
      attackers.shutdownNow();
    }
  }

  @Test
  void passwordsPastSeventyTwoBytesCompareAsGosBcryptDoes() throws Exception {
    assertEquals(200, get("/", basic("long", LONG)));
    assertEquals(200, get("/", basic("long", LONG.substring(0, 72) + "-other-tail")));
    assertEquals(401, get("/", basic("long", "M" + LONG.substring(1))));
    assertEquals(401, get("/", basic("long", LONG.substring(0, 71))));
  }

  @Test
  void theShippedProbesWorkWithAuthOn() throws Exception {
    app.pollAllNow();
    Path root = Path.of("").toAbsolutePath().getParent();
    // Kubernetes: the StatefulSet's probe paths answer without credentials.
    String sts = Files.readString(root.resolve("docker/kubernetes/statefulset.yaml"));
    for (String path : List.of("/-/healthy", "/-/ready")) {
      assertTrue(sts.contains("path: " + path), path);
      assertEquals(200, get(path, null), path);
    }
    assertEquals(401, get("/metrics", null));
    // The container's HEALTHCHECK, with the image's JVM flags, against this exporter: outside a
    // container it is told the flags it would read from /proc.
    List<String> check = new ArrayList<>();
    check.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String dockerfile = Files.readString(root.resolve("docker/Dockerfile")).replace("\\\n", " ");
    Matcher cmd = Pattern.compile("(?m)^HEALTHCHECK [^\\[]*CMD (\\[.*])$").matcher(dockerfile);
    assertTrue(cmd.find(), "no HEALTHCHECK CMD [...]");
    List<String> image = new ArrayList<>();
    new ObjectMapper().readTree(cmd.group(1)).forEach(n -> image.add(n.asText()));
    check.addAll(image.subList(1, image.indexOf("-jar")));
    check.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.statsbridge.Main"));
    check.addAll(image.subList(image.indexOf("-jar") + 2, image.size()));
    check.add("--web.listen-address=127.0.0.1:" + app.port());
    check.add("--web.config.file=" + dir.resolve("web.yml"));
    Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), said);
    assertEquals("healthy: http://127.0.0.1:" + app.port() + "/-/healthy: HTTP/1.1 200 OK\n", said);
  }
}
