package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.App;
import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.pacing.ScrapesFirst;
import io.statsbridge.testing.Exporters;
import io.statsbridge.testing.Http;
import io.statsbridge.testing.PollThread;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A poll's threads stand aside from {@code /metrics} while its body is being written, and go on
 * once the body is written or the client is gone. The client here reads nothing until told, so the
 * 12 MB plain body is stuck half-written in the socket buffers meanwhile.
 */
class PollsStepAsideTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong ticker = new AtomicLong(1_000 * MS);
  private final ScrapesFirst scrapes = new ScrapesFirst(ticker::get, ticker::get);

  @Test
  void untilTheBodyIsWritten() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(88, 7500), Clock.systemUTC());
        App app = start(simulator);
        Socket client = scrape(app)) {
      long start = ticker.get();
      PollThread poll = new PollThread(scrapes, ticker, 10);
      poll.awaitStandingAside();
      ticker.addAndGet(4 * MS);
      poll.awaitStandingAside();

      long read = client.getInputStream().transferTo(OutputStream.nullOutputStream());

      assertTrue(read > 10_000_000, "read " + read + " bytes");
      assertEquals(start + 14 * MS, poll.awaitReturn());
      String metrics = Http.get("http://127.0.0.1:" + app.port() + "/metrics").body();
      assertTrue(
          metrics.contains("\nstatsbridge_poll_stood_aside_seconds_total 0.004\n"),
          "the time stood aside is on /metrics");
    }
  }

  @Test
  void untilTheClientIsGone() throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(88, 7500), Clock.systemUTC());
        App app = start(simulator)) {
      Socket client = scrape(app);
      long start = ticker.get();
      PollThread poll = new PollThread(scrapes, ticker, 10);
      poll.awaitStandingAside();

      client.setSoLinger(true, 0); // a reset, as from a scraper that timed out
      client.close();

      assertEquals(start + 10 * MS, poll.awaitReturn());
    }
  }

  private App start(Simulator simulator) throws Exception {
    App app =
        Exporters.start(Exporters.bigQuery(simulator), Exporters.loopback(0).scrapes(scrapes));
    app.pollAllNow();
    return app;
  }

  /** A plain scrape whose client has read the status line and nothing more. */
  private static Socket scrape(App app) throws Exception {
    Socket client = new Socket();
    client.setReceiveBufferSize(4096);
    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()));
    client
        .getOutputStream()
        .write(
            "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = client.getInputStream();
    byte[] status = in.readNBytes("HTTP/1.1 200".length());
    assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
    return client;
  }
}
