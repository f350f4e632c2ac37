package io.statsbridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code GET /-/healthy} of a statsbridge, as its own listen address and web config say: over TLS
 * when {@code tls_server_config} is on, at loopback when it listens on every address, and with no
 * password, since the probes are outside basic auth. Used by {@code --healthcheck}, the container's
 * HEALTHCHECK.
 */
public final class HealthProbe {
  private static final Pattern OK = Pattern.compile("HTTP/1\\.[01] 200( .*)?");

  private HealthProbe() {}

  /**
   * @return the URL asked and its answer, for the health log
   * @throws IOException why it is not healthy: not listening, no TLS, not 200 …
   */
  public static String check(InetSocketAddress listen, WebConfig web, Duration timeout)
      throws IOException {
    if (listen.isUnresolved()) {
      throw new IOException("cannot resolve " + listen.getHostString());
    }
    InetAddress host =
        listen.getAddress().isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress()
            : listen.getAddress();
    boolean tls = web.tls().isPresent();
    String hostPort =
        (host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress())
            + ":"
            + listen.getPort();
    String url = (tls ? "https://" : "http://") + hostPort + "/-/healthy";
    int millis = (int) timeout.toMillis();
    String status;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, listen.getPort()), millis);
      plain.setSoTimeout(millis);
      Socket socket = tls ? overTls(plain, host, listen.getPort()) : plain;
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /-/healthy HTTP/1.1\r\nHost: "
                  + hostPort
                  + "\r\nUser-Agent: statsbridge-healthcheck\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      status = statusLine(socket.getInputStream());
    } catch (IOException e) {
      throw new IOException(url + ": " + e, e);
    }
    if (!OK.matcher(status).matches()) {
      throw new IOException(url + ": " + (status.isEmpty() ? "no answer" : status));
    }
    return url + ": " + status;
  }

  /**
   * TLS without checking the certificate: the probe asks its own container's server, at the address
   * that server listens on, and sends nothing secret; what it checks is that the server answers.
   */
  private static SSLSocket overTls(Socket plain, InetAddress host, int port) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyCertificate()}, null);
      SSLSocket socket =
          (SSLSocket)
              context.getSocketFactory().createSocket(plain, host.getHostAddress(), port, true);
      socket.startHandshake();
      return socket;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS: " + e.getMessage(), e);
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 200; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }

  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
