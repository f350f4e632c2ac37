package io.statsbridge.chaos;

import io.statsbridge.testing.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Scrapes {@code /metrics} all through the run, in every format, and checks that every body is
 * whole: each line a comment or a sample, the text ends with a newline (OpenMetrics with {@code #
 * EOF}), gzip decodes. A scrape that cannot connect (the process is restarting) is not torn.
 */
final class ScrapeChecker implements AutoCloseable {
  private static final Pattern LINE =
      Pattern.compile(
          "# (HELP|TYPE|UNIT) [a-zA-Z_:][a-zA-Z0-9_:]* .*|# EOF"
              + "|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? [-+0-9.eEInfNa]+( [0-9]+)?");

  private final ExporterProcess exporter;
  private final Thread thread;
  private final AtomicInteger scrapes = new AtomicInteger();
  private final AtomicInteger torn = new AtomicInteger();
  private final List<String> examples = new ArrayList<>();
  private volatile boolean stop;

  ScrapeChecker(ExporterProcess exporter) {
    this.exporter = exporter;
    this.thread = new Thread(this::loop, "chaos-scrapes");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    for (int i = 0; !stop; i++) {
      boolean gzip = i % 2 == 0;
      boolean openMetrics = i % 4 < 2;
      try {
        List<String> headers = new ArrayList<>();
        if (gzip) {
          headers.addAll(List.of("Accept-Encoding", "gzip"));
        }
        if (openMetrics) {
          headers.addAll(List.of("Accept", "application/openmetrics-text; version=1.0.0"));
        }
        HttpResponse<byte[]> r =
            Http.getBytes(exporter.url("/metrics"), headers.toArray(String[]::new));
        scrapes.incrementAndGet();
        String problem = problem(r, gzip, openMetrics);
        if (problem != null) {
          torn.incrementAndGet();
          synchronized (examples) {
            if (examples.size() < 3) {
              examples.add(problem);
            }
          }
        }
        Thread.sleep(150);
      } catch (RuntimeException e) {
        sleepQuietly(); // not listening: restarting
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String problem(HttpResponse<byte[]> r, boolean gzip, boolean openMetrics) {
    if (r.statusCode() != 200) {
      return "status " + r.statusCode();
    }
    String text;
    try {
      text =
          gzip
              ? new String(
                  new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                  StandardCharsets.UTF_8)
              : new String(r.body(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "gzip does not decode: " + e;
    }
    if (!text.endsWith("\n") || (openMetrics && !text.endsWith("# EOF\n"))) {
      return "body does not end as its format says: …"
          + text.substring(Math.max(0, text.length() - 80));
    }
    for (String line : text.split("\n")) {
      if (!LINE.matcher(line).matches()) {
        return "malformed line: " + line;
      }
    }
    return null;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int scrapes() {
    return scrapes.get();
  }

  int torn() {
    return torn.get();
  }

  List<String> examples() {
    synchronized (examples) {
      return List.copyOf(examples);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(5_000);
  }
}
