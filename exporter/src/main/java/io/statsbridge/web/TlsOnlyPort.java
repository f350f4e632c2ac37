package io.statsbridge.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;

/**
 * The first bytes on the TLS port: a TLS record goes on to TLS; a plain HTTP request gets the short
 * 400 that Go's server (and so every Prometheus exporter) answers, byte for byte, and the
 * connection is closed; anything else is closed without a word. Jetty alone answered plain HTTP
 * with a TLS alert, which curl and browsers show as an unexplained failure. No plain HTTP is ever
 * parsed or served on this port.
 */
final class TlsOnlyPort extends DetectorConnectionFactory {
  /** Go's net/http server, for a TLS port's first five bytes that look like HTTP. */
  static final byte[] REFUSAL =
      "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
          .getBytes(StandardCharsets.US_ASCII);

  /** Go's tlsRecordHeaderLooksLikeHTTP: the five bytes a TLS record header would be. */
  private static final Set<String> HTTP_STARTS =
      Set.of("GET /", "HEAD ", "POST ", "PUT /", "OPTIO");

  TlsOnlyPort(SslConnectionFactory tls) {
    super(tls);
  }

  @Override
  protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
    if (!looksLikeHttp(buffer)) {
      endPoint.close();
      return;
    }
    endPoint.write(
        Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(REFUSAL));
  }

  static boolean looksLikeHttp(ByteBuffer buffer) {
    if (buffer.remaining() < 5) {
      return false;
    }
    byte[] start = new byte[5];
    buffer.duplicate().get(start);
    return HTTP_STARTS.contains(new String(start, StandardCharsets.ISO_8859_1));
  }
}
