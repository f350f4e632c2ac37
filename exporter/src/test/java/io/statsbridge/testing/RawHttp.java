package io.statsbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte, for what {@code java.net.URI} refuses to send (a
 * malformed escape in a query string, which curl sends as it is).
 */
public final class RawHttp {
  private RawHttp() {}

  /** The response's status code and body, for {@code GET target}. */
  public record Response(int status, String body) {}

  public static Response get(int port, String target) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int body = text.indexOf("\r\n\r\n");
      return new Response(status, body < 0 ? "" : text.substring(body + 4));
    }
  }
}
