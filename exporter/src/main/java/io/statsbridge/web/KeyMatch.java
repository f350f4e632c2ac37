package io.statsbridge.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/**
 * Whether a private key is the one of a certificate's public key, as Go's {@code tls.X509KeyPair}
 * checks (Prometheus refuses such a pair at start). JSSE takes any pair, and then every handshake
 * fails without a word: a renewed certificate beside the old key. RSA keys (PSS ones too) are
 * compared by modulus; EC, EdDSA and DSA keys sign a probe that the certificate's key must verify.
 */
final class KeyMatch {
  private static final byte[] PROBE = "statsbridge key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  static boolean matches(PrivateKey key, PublicKey certified) {
    if (key instanceof RSAKey rsa) {
      return certified instanceof RSAKey other && rsa.getModulus().equals(other.getModulus());
    }
    Optional<String> algorithm = signature(key.getAlgorithm());
    if (algorithm.isEmpty()) {
      return true; // a kind we cannot check: the handshake decides, as before
    }
    byte[] signed;
    try {
      Signature signer = Signature.getInstance(algorithm.get());
      signer.initSign(key);
      signer.update(PROBE);
      signed = signer.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      return true; // this JVM cannot sign with it; not a proof that the pair is wrong
    }
    try {
      Signature verifier = Signature.getInstance(algorithm.get());
      verifier.initVerify(certified); // a key of another kind is refused here
      verifier.update(PROBE);
      return verifier.verify(signed);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<String> signature(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "EC", "ECDSA" -> Optional.of("SHA256withECDSA");
      case "DSA" -> Optional.of("SHA256withDSA");
      case "EdDSA", "Ed25519", "Ed448" -> Optional.of(keyAlgorithm);
      default -> Optional.empty();
    };
  }
}
