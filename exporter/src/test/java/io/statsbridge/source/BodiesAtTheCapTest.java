package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.Upstreams;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "memory is bounded by design" (docs/security.md). The largest answer the exporter accepts (64
 * MiB, the cap), of each upstream answer that can be large, is read by the real exporter in a 128
 * MiB heap: every parser reads its body row by row and keeps only what it exports. Read whole, a 37
 * MB Dynatrace page ended the exporter at {@code -Xmx256m}. The body is written as it is sent, so
 * the test's JVM never holds it either.
 */
class BodiesAtTheCapTest {
  static final long CAP = HttpCall.DEFAULT_MAX_BODY_BYTES;

  @TempDir Path dir;

  /** One upstream's large answer, the query that asks for it, and a sample that proves it read. */
  enum Shape {
    /** ~95,000 items of 32 points each: the latest value is kept, the other 31 skipped unread. */
    DYNATRACE_V2(
        "{type: dynatrace, url: \"%s\", api_token: t}",
        "{name: big, source: up, metric_selector: \"builtin:host.cpu.usage\", unit: Count,"
            + " metric_name: big_v2}",
        "big_v2{query=\"big\",dt_entity_host=\"HOST-0000000000000007\"} 1000007") {
      @Override
      MockResponse answer(RecordedRequest r) {
        String points = points(32, ",");
        return body(
            new CapSizedBody(
                CAP,
                "{\"totalCount\":1,\"nextPageKey\":null,\"resolution\":\"1m\",\"result\":[{"
                    + "\"metricId\":\"builtin:host.cpu.usage\",\"dataPointCountRatio\":0.9,"
                    + "\"dimensionCountRatio\":0.9,\"data\":[",
                List.of(
                    new CapSizedBody.Section(
                        i ->
                            "{\"dimensions\":[\""
                                + host(i)
                                + "\"],\"dimensionMap\":{\"dt.entity.host\":\""
                                + host(i)
                                + "\"},\"timestamps\":["
                                + points
                                + "],\"values\":["
                                + "50.5,".repeat(31)
                                + (1_000_000 + i)
                                + "]}",
                        "]}]}"))));
      }
    },
    /** ~95,000 entities of 30 points each, their names after the points. */
    DYNATRACE_V1(
        "{type: dynatrace, url: \"%s\", api_token: t}",
        "{name: big, source: up, timeseries_id: \"builtin:x\", metric_name: big_v1}",
        "big_v1{query=\"big\",entity_id=\"HOST-0000000000000007\","
            + "entity_name=\"host-0000000000000007\",aggregation=\"avg\"} 1000007") {
      @Override
      MockResponse answer(RecordedRequest r) {
        String points = "[1534920000000,50.5],".repeat(29);
        return body(
            new CapSizedBody(
                CAP,
                "{\"result\":{\"dataPoints\":{",
                List.of(
                    new CapSizedBody.Section(
                        i ->
                            "\""
                                + host(i)
                                + "\":["
                                + points
                                + "[1534920060000,"
                                + (1_000_000 + i)
                                + "]]",
                        "},\"unit\":\"Count (count)\",\"entities\":{"),
                    new CapSizedBody.Section(
                        i -> "\"" + host(i) + "\":\"" + host(i).replace("HOST", "host") + "\"",
                        "},\"aggregationType\":\"AVG\",\"timeseriesId\":\"builtin:x\"}}"))));
      }
    },
    /**
     * {@code cache_stats} of ~1.8 million points, then {@code caches/stats} of ~99,000 caches
     * (fewer than {@code max_rows}), in one poll.
     */
    TRAFFIC_OPS(
        "{type: traffic_ops, url: \"%s\", username: u, password: p}",
        "{name: big, source: up, cdns: [a], metric_types: [bandwidth], per_cache: true}",
        "trafficops_cdn_bandwidth_bytes_per_second{query=\"big\",cdn=\"a\"} 125000000",
        "trafficops_cache_bandwidth_bytes_per_second{query=\"big\",cachegroup=\"cg-1007\","
            + "hostname=\"edge-HOST-0000000000000007\",profile=\"EDGE\",status=\"REPORTED\"}"
            + " 12500000") {
      @Override
      MockResponse answer(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        if (path.endsWith("/user/login")) {
          return new MockResponse.Builder()
              .addHeader("Set-Cookie", "mojolicious=c; Max-Age=3600")
              .body(Fixtures.read("trafficops-login-response.json"))
              .build();
        }
        if (path.endsWith("/cache_stats")) {
          // The newest point comes first: the latest is chosen by time, not by place.
          return body(
              new CapSizedBody(
                  CAP,
                  "{\"response\":{\"series\":{\"columns\":[\"time\",\"sum_count\"],"
                      + "\"name\":\"bandwidth.cdn.1min\",\"values\":[",
                  List.of(
                      new CapSizedBody.Section(
                          i ->
                              "["
                                  + (1_600_000_000_000_000_000L - i * 60_000_000_000L)
                                  + ","
                                  + (1_000_000 + i % 1_000_000)
                                  + "]",
                          "]},\"summary\":{\"average\":1.5,\"count\":9,\"fifthPercentile\":1.5,"
                              + "\"max\":1.5,\"min\":1.5,\"ninetyEighthPercentile\":1.5,"
                              + "\"ninetyFifthPercentile\":1.5}}}"))));
        }
        return body(
            new CapSizedBody(
                CAP,
                "{\"response\":[",
                List.of(
                    new CapSizedBody.Section(
                        i ->
                            "{\"profile\":\"EDGE\",\"connections\":1000,\"ip\":\""
                                + IP
                                + "\",\"status\":\"REPORTED\",\"healthy\":true,\"kbps\":100000,"
                                + "\"hostname\":\"edge-"
                                + host(i)
                                + "\",\"cachegroup\":\"cg-"
                                + (1000 + i % 1000)
                                + "\"}",
                        "]}"))));
      }
    };

    /**
     * What makes ~99,000 {@code caches/stats} rows fill the cap: a field the reader skips. Real
     * rows are ~170 bytes, so a body of them at the cap lists ~390,000 caches (1.2 million series):
     * the exporter reads that in 128 MiB too, but its store, not the parser, then fills most of the
     * heap.
     */
    static final String IP = "2001:db8::1 ".repeat(43);

    final String source;
    final String query;
    final List<String> samples;

    Shape(String source, String query, String... samples) {
      this.source = source;
      this.query = query;
      this.samples = List.of(samples);
    }

    abstract MockResponse answer(RecordedRequest r);

    static String host(int i) {
      return "HOST-%016X".formatted(i);
    }

    static String points(int n, String separator) {
      StringBuilder out = new StringBuilder();
      for (int j = 0; j < n; j++) {
        out.append(j == 0 ? "" : separator).append(1534920000000L + j * 60_000L);
      }
      return out.toString();
    }

    static MockResponse body(CapSizedBody body) {
      return new MockResponse.Builder()
          .setHeader("Content-Type", "application/json")
          .body(body)
          .build();
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void anAnswerAtTheCapIsReadIn128MiB(Shape shape) throws Exception {
    try (MockWebServer upstream = Upstreams.answering(shape::answer)) {
      Path config = dir.resolve("cap.yml");
      Files.writeString(
          config,
          """
          defaults: {interval: 1m, timeout: 50s, delay: 0s, new_series_delay: 0s}
          sources:
            up: %s
          queries:
            - %s
          """
              .formatted(shape.source.formatted(upstream.url("/")), shape.query));
      Path log = dir.resolve("exporter.log");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.statsbridge.Main",
                  "--config.file=" + config,
                  "--web.listen-address=127.0.0.1:0")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        String base = "http://127.0.0.1:" + Processes.listeningPort(log, p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String up = "";
        while (System.nanoTime() < end && !up.contains("} 1\n")) {
          p.waitFor(1, TimeUnit.SECONDS);
          up = get(base + "/metrics?name[]=statsbridge_up", p, log);
        }
        assertTrue(up.contains("statsbridge_up{query=\"big\"} 1\n"), up + "\n" + tail(log));
        for (String sample : shape.samples) {
          String family = sample.substring(0, sample.indexOf('{'));
          String text = get(base + "/metrics?name[]=" + family, p, log);
          assertTrue(text.contains(sample + "\n"), sample + " in\n" + head(text));
        }
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** The body of a GET, or a failure that shows how the exporter ended. */
  private static String get(String url, Process p, Path log) throws Exception {
    try {
      return Http.get(url).body();
    } catch (UncheckedIOException e) {
      p.waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError(
          (p.isAlive() ? "no answer: " + e : "the exporter ended:") + "\n" + tail(log), e);
    }
  }

  private static String tail(Path log) throws Exception {
    String text = Files.readString(log);
    return text.substring(Math.max(0, text.length() - 4000));
  }

  private static String head(String text) {
    return text.substring(0, Math.min(text.length(), 2000));
  }
}
