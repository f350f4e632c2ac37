package io.statsbridge.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that hurt a server with threads per connection: slowloris connections that send their
 * request headers a few bytes at a time and never finish them, and clients that ask for {@code
 * /metrics} and never read the answer. Used by the hostile-network test and the benchmark.
 */
public final class HostileClients implements AutoCloseable {
  private final List<Socket> slowloris = new ArrayList<>();
  private final List<Socket> nonReaders = new ArrayList<>();
  private final Thread dripper;
  private volatile boolean closed;

  private HostileClients(int port, int slow, int silent) throws IOException {
    for (int i = 0; i < slow; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.getOutputStream()
          .write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      slowloris.add(s);
    }
    for (int i = 0; i < silent; i++) {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.getOutputStream()
          .write(
              "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      nonReaders.add(s);
    }
    dripper = new Thread(this::drip, "slowloris");
    dripper.setDaemon(true);
    dripper.start();
  }

  /** Opens {@code slow} slowloris connections and {@code silent} never-reading ones. */
  public static HostileClients open(int port, int slow, int silent) throws IOException {
    return new HostileClients(port, slow, silent);
  }

  /** One more header byte on every slowloris connection each second, forever. */
  private void drip() {
    while (!closed) {
      for (Socket s : slowloris) {
        try {
          OutputStream out = s.getOutputStream();
          out.write('X');
          out.flush();
        } catch (IOException e) {
          // the server closed it: that is allowed
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    dripper.interrupt();
    for (List<Socket> group : List.of(slowloris, nonReaders)) {
      for (Socket s : group) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
