package io.statsbridge.source.trafficops;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** {@code tls.ca_file} (trust exactly these CAs) and {@code tls.insecure_skip_verify}. */
final class Tls {
  private Tls() {}

  static OkHttpClient configure(OkHttpClient shared, TrafficOpsSettings settings) {
    try {
      if (settings.insecureSkipVerify()) {
        X509TrustManager trustAll = new TrustAll();
        return shared
            .newBuilder()
            .sslSocketFactory(context(trustAll).getSocketFactory(), trustAll)
            .hostnameVerifier((host, session) -> true)
            .build();
      }
      if (!settings.caCertificates().isEmpty()) {
        X509TrustManager trust = trusting(settings.caCertificates());
        return shared
            .newBuilder()
            .sslSocketFactory(context(trust).getSocketFactory(), trust)
            .build();
      }
      return shared;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(X509TrustManager trust) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    return context;
  }

  private static X509TrustManager trusting(List<X509Certificate> cas)
      throws GeneralSecurityException, java.io.IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** Accepts any certificate: only for insecure_skip_verify, which is logged as a warning. */
  private static final class TrustAll implements X509TrustManager {
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
