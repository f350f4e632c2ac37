package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.Await;
import io.statsbridge.testing.Exporters;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of wrong passwords from one address, and meanwhile clients from another address whose
 * credentials were never verified (right after a restart): bcrypt's capacity is shared between
 * addresses, so the flood cannot starve them.
 */
class AuthFloodTest {
  static final String PASSWORD = "correct horse battery staple";
  static final int TRIES = 30;
  static final int FLOODERS = 100;

  @TempDir Path dir;

  /** The status of a GET from {@code from}; -1 when the connection broke. */
  private static int get(String from, int port, String authorization) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      s.setSoTimeout(20_000);
      s.getOutputStream()
          .write(
              ("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: "
                      + authorization
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String line = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      in.readAllBytes();
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFloodFromOneAddressDoesNotLockOutAnotherAddressNotYetVerified() throws Exception {
    // One user per try, so that every try needs bcrypt: none was verified before.
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(8, PASSWORD.toCharArray());
    StringBuilder users = new StringBuilder("basic_auth_users:\n");
    for (int i = 0; i < TRIES; i++) {
      users.append("  scraper-").append(i).append(": \"").append(hash).append("\"\n");
    }
    Path web = dir.resolve("web.yml");
    Files.writeString(web, users);
    try (Simulator simulator = Simulator.start(Traffic.of(4, 4), Clock.systemUTC());
        App app =
            Exporters.start(
                """
                sources:
                  sim: {type: datadog, granularity: 1s, base_url: "%s", api_key: "%s", app_key: "%s"}
                queries: [{name: q, source: sim, delay: 0s}]
                """
                    .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY),
                Exporters.loopback(0).web(WebConfig.load(web)).build())) {
      int port = app.port();
      AtomicBoolean flooding = new AtomicBoolean(true);
      Map<Integer, AtomicInteger> floodAnswers = new ConcurrentHashMap<>();
      ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
      List<Future<?>> flooders = new ArrayList<>();
      try {
        for (int t = 0; t < FLOODERS; t++) {
          int thread = t;
          flooders.add(
              flood.submit(
                  () -> {
                    // Bounded: stops when the tries are done, or after 2,000 requests.
                    for (int i = 0; i < 2_000 && flooding.get(); i++) {
                      int code = get("127.0.0.1", port, basic("scraper-0", "guess-" + thread + i));
                      floodAnswers
                          .computeIfAbsent(code, c -> new AtomicInteger())
                          .incrementAndGet();
                    }
                    return null;
                  }));
        }
        // The flood is under way: wrong passwords are being answered (or turned away).
        Await.until(
            "the flood's first 401 and 503",
            Duration.ofSeconds(30),
            () -> floodAnswers.containsKey(401) && floodAnswers.containsKey(503));
        Map<Integer, Integer> answers = new TreeMap<>();
        long worst = 0;
        for (int i = 0; i < TRIES; i++) {
          long t0 = System.nanoTime();
          int code = get("127.0.0.2", port, basic("scraper-" + i, PASSWORD));
          worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
          answers.merge(code, 1, Integer::sum);
        }
        assertEquals(Map.of(200, TRIES), answers, "the other address's " + TRIES + " tries");
        // Well within Prometheus' default scrape timeout of 10s, on two cores that also run the
        // flood's hundred clients; before, 29 of 30 tries were answered 503 at once.
        assertTrue(worst < 5_000, "a try from the other address took " + worst + " ms");
      } finally {
        flooding.set(false);
        for (Future<?> f : flooders) {
          f.get(60, TimeUnit.SECONDS);
        }
        flood.shutdownNow();
      }
      assertTrue(floodAnswers.containsKey(401), "the flood was checked: " + floodAnswers);
      assertTrue(
          floodAnswers.keySet().stream().allMatch(c -> c == 401 || c == 503),
          "the flood was refused, nothing else: " + floodAnswers);
    }
  }
}
