package io.statsbridge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The physical floor of a scrape: a server that only writes a prepared body (statsbridge's own
 * plain or gzip bytes) to a kept-alive loopback connection. No rendering and no framework; the
 * bodies sit in direct buffers, so each write goes from them to the kernel without a copy in
 * between: what is left is the request, the header and the kernel's copy of the bytes.
 */
final class CopyFloorServer implements AutoCloseable {
  private final ServerSocketChannel server;
  private final ByteBuffer plain;
  private final ByteBuffer gzip;

  private CopyFloorServer(byte[] plain, byte[] gzip) throws IOException {
    this.plain = direct(plain);
    this.gzip = direct(gzip);
    this.server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread acceptor = new Thread(this::accept, "copy-floor-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static CopyFloorServer serving(byte[] plain, byte[] gzip) throws IOException {
    return new CopyFloorServer(plain, gzip);
  }

  int port() {
    return server.socket().getLocalPort();
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel s = server.accept();
        Thread t = new Thread(() -> serve(s), "copy-floor");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
      while (true) {
        boolean wantsGzip = false;
        if (line(in) == null) {
          return;
        }
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          wantsGzip |= lower.startsWith("accept-encoding:") && lower.contains("gzip");
        }
        ByteBuffer body = (wantsGzip ? gzip : plain).duplicate();
        ByteBuffer head =
            ByteBuffer.wrap(
                ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                        + (wantsGzip ? "Content-Encoding: gzip\r\n" : "")
                        + "Content-Length: "
                        + body.remaining()
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        ByteBuffer[] response = {head, body};
        while (body.hasRemaining()) {
          channel.write(response);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static ByteBuffer direct(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
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
