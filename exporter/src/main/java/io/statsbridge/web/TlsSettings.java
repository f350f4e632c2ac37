package io.statsbridge.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The server side of {@code tls_server_config}: the key and certificate, and which protocol
 * versions and cipher suites to offer. Defaults: TLS 1.2 and 1.3 only, and for TLS 1.2 ECDHE key
 * exchange with AEAD ciphers only (forward secrecy, no CBC, no static RSA).
 *
 * @param protocols JSSE names, oldest first
 * @param cipherSuites JSSE names of the TLS 1.2 (and older) suites; TLS 1.3's are always on
 */
public record TlsSettings(SSLContext context, List<String> protocols, List<String> cipherSuites) {
  public TlsSettings {
    protocols = List.copyOf(protocols);
    cipherSuites = List.copyOf(cipherSuites);
  }

  /** Prometheus' version names (Go's crypto/tls) to JSSE's. */
  static final Map<String, String> VERSIONS = versions();

  /** The defaults of Prometheus' exporter toolkit for TLS 1.2: ECDHE, AEAD. */
  static final List<String> DEFAULT_SUITES =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** TLS 1.3 suites: not configurable (as in Go), always offered when TLS 1.3 is. */
  static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("TLS10", "TLSv1");
    v.put("TLS11", "TLSv1.1");
    v.put("TLS12", "TLSv1.2");
    v.put("TLS13", "TLSv1.3");
    return v;
  }

  /** The protocol versions from {@code min} to {@code max} (Prometheus names), oldest first. */
  static List<String> protocols(String min, String max) {
    List<String> names = new ArrayList<>(VERSIONS.keySet());
    int from = names.indexOf(min);
    int to = names.indexOf(max);
    List<String> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(VERSIONS.get(names.get(i)));
    }
    return out;
  }

  /**
   * A cipher suite as Prometheus' web config names it (Go's names, which drop {@code _SHA256} from
   * the ChaCha20 suites) in JSSE's spelling, if the JVM knows it.
   */
  static Optional<String> suite(String name, List<String> supported) {
    for (String candidate : List.of(name, name + "_SHA256")) {
      if (supported.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Every suite this settings' server offers: TLS 1.3's if on, then the configured ones. */
  List<String> offered() {
    List<String> out = new ArrayList<>();
    if (protocols.contains("TLSv1.3")) {
      out.addAll(TLS13_SUITES);
    }
    if (protocols.stream().anyMatch(p -> !p.equals("TLSv1.3"))) {
      out.addAll(cipherSuites);
    }
    return out;
  }
}
