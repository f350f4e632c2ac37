package io.statsbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on a loopback port in front of another one, keeping every byte the clients sent: put
 * in front of a proxy, it shows exactly what the proxy received.
 */
public final class Wiretap implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private Wiretap(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  /** Starts relaying connections to {@code 127.0.0.1:target}. */
  public static Wiretap before(int target) throws IOException {
    Wiretap tap = new Wiretap(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    tap.threads.execute(tap::accept);
    return tap;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Everything the clients sent so far, as ISO-8859-1 text (bytes kept one to one). */
  public String sent() {
    synchronized (sent) {
      return sent.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5000);
        sockets.add(client);
        sockets.add(upstream);
        threads.execute(() -> pump(client, upstream, true));
        threads.execute(() -> pump(upstream, client, false));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean record) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (record) {
          synchronized (sent) {
            sent.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // one side went away; the other pump ends too
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    threads.shutdownNow();
  }
}
