package io.statsbridge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The physical floor of a scrape: a server that only writes a prepared byte array (statsbridge's
 * own plain or gzip body) to a kept-alive loopback connection. No rendering, no framework: what is
 * left is the request, the header and the kernel's copy of the bytes.
 */
final class CopyFloorServer implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] plain;
  private final byte[] gzip;

  private CopyFloorServer(byte[] plain, byte[] gzip) throws IOException {
    this.plain = plain;
    this.gzip = gzip;
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "copy-floor-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static CopyFloorServer serving(byte[] plain, byte[] gzip) throws IOException {
    return new CopyFloorServer(plain, gzip);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "copy-floor");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        boolean wantsGzip = false;
        String line = line(in);
        if (line == null) {
          return;
        }
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          wantsGzip |= lower.startsWith("accept-encoding:") && lower.contains("gzip");
        }
        byte[] body = wantsGzip ? gzip : plain;
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                    + (wantsGzip ? "Content-Encoding: gzip\r\n" : "")
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** One header line without its CRLF; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return null;
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
