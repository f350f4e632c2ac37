package io.statsbridge.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Basic auth against bcrypt hashes, as Prometheus' web.yml does. A bcrypt check costs tens of
 * milliseconds by design, so successful checks are remembered (by a SHA-256 of user and password,
 * never the password itself) for a few minutes; a scraper then pays it once, not per scrape.
 */
final class BcryptAuthenticator extends BasicAuthenticator {
  private final Map<String, String> users;
  private final Cache<String, Boolean> verified =
      Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(Duration.ofMinutes(5)).build();

  BcryptAuthenticator(Map<String, String> users) {
    super("statsbridge");
    this.users = Map.copyOf(users);
  }

  @Override
  public boolean checkCredentials(String user, String password) {
    String hash = users.get(user);
    if (hash == null || password == null) {
      return false;
    }
    String key = digest(user + '\u0000' + password + '\u0000' + hash);
    if (verified.getIfPresent(key) != null) {
      return true;
    }
    boolean ok =
        BCrypt.verifyer()
            .verify(
                password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
            .verified;
    if (ok) {
      verified.put(key, true);
    }
    return ok;
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
