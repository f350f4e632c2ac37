package io.statsbridge.web;

import io.statsbridge.log.Log;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Says at debug level why a TLS handshake failed (no common protocol or suite, a client that does
 * not trust the certificate, plain HTTP on the TLS port): what the client sees as a bare reset. The
 * reason and the remote address only; nothing of the key.
 */
final class HandshakeLog implements SslHandshakeListener {
  private static final Log LOG = Log.of(HandshakeLog.class);

  @Override
  public void handshakeFailed(Event event, Throwable failure) {
    LOG.debug(
        "TLS handshake failed",
        "remote",
        event.getEndPoint() == null
            ? ""
            : String.valueOf(event.getEndPoint().getRemoteSocketAddress()),
        "err",
        failure.toString());
  }
}
