package io.statsbridge.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection that GETs a path and reads the whole body (Content-Length or
 * chunked), without decompressing it: the same thin client for statsbridge, the per-scrape server
 * and the copy floor, so what differs between them is the server. Blocking I/O on the calling
 * thread: no selector or executor hop adds to a figure. Not thread-safe: one per scraper.
 */
final class ScrapeConnection implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 120_000;

  private final int port;
  private final byte[] scratch = new byte[64 * 1024];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  ScrapeConnection(int port) throws IOException {
    this.port = port;
    connect();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    in = new BufferedInputStream(socket.getInputStream(), scratch.length);
    out = socket.getOutputStream();
  }

  /** GETs {@code path} and returns the body's length in bytes as sent (gzip stays compressed). */
  long get(String path, boolean gzip) throws IOException {
    return exchange(path, gzip, null);
  }

  /** GETs {@code path} and returns the body as sent. */
  byte[] fetch(String path, boolean gzip) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    exchange(path, gzip, body);
    return body.toByteArray();
  }

  private long exchange(String path, boolean gzip, ByteArrayOutputStream sink) throws IOException {
    if (socket.isClosed()) {
      connect();
    }
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: "
                + (gzip ? "gzip" : "identity")
                // As Prometheus scrapes: the exporter saves the window cursors it carries away.
                + "\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException(path + " answered " + status);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    long read;
    if (chunked) {
      read = 0;
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        read += body(size, sink);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      read = body(length, sink);
    } else {
      throw new IOException(path + ": neither Content-Length nor chunked");
    }
    if (close) {
      socket.close();
    }
    return read;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int ext = size.indexOf(';');
    return Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
  }

  private long body(long length, ByteArrayOutputStream sink) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        throw new EOFException("body cut short: " + left + " of " + length + " bytes missing");
      }
      if (sink != null) {
        sink.write(scratch, 0, n);
      }
      left -= n;
    }
    return length;
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed mid-response");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
