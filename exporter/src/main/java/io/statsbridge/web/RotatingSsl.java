package io.statsbridge.web;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS, with settings that can change while it runs: each new connection first lets
 * {@link LiveWebConfig} look at the files, so the connection after a rotation presents the new
 * certificate. Jetty's {@code reload} swaps the settings; a lock keeps a connection from being set
 * up in the middle of the swap, when Jetty's selected protocols and suites are briefly unset.
 */
final class RotatingSsl extends SslContextFactory.Server {
  private final LiveWebConfig web;
  private final ReadWriteLock swap = new ReentrantReadWriteLock();

  RotatingSsl(LiveWebConfig web, TlsSettings tls) {
    this.web = web;
    configure(this, tls);
    setRenegotiationAllowed(false);
  }

  private static void configure(SslContextFactory ssl, TlsSettings tls) {
    ssl.setSslContext(tls.context());
    ssl.setExcludeProtocols();
    ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
    ssl.setExcludeCipherSuites();
    ssl.setIncludeCipherSuites(tls.offered().toArray(String[]::new));
  }

  /** Puts {@code tls} to use for the connections from now on. */
  void use(TlsSettings tls) {
    swap.writeLock().lock();
    try {
      reload(ssl -> configure(ssl, tls));
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      swap.writeLock().unlock();
    }
  }

  @Override
  public SSLEngine newSSLEngine() {
    web.checkIfDue();
    swap.readLock().lock();
    try {
      return super.newSSLEngine();
    } finally {
      swap.readLock().unlock();
    }
  }

  @Override
  public SSLEngine newSSLEngine(String host, int port) {
    web.checkIfDue();
    swap.readLock().lock();
    try {
      return super.newSSLEngine(host, port);
    } finally {
      swap.readLock().unlock();
    }
  }
}
