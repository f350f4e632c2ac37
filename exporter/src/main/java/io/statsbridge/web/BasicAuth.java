package io.statsbridge.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Basic auth against bcrypt hashes, as Prometheus' web.yml does, built so that it tells an attacker
 * nothing and costs valid scrapers nothing:
 *
 * <ul>
 *   <li>an unknown user costs the same bcrypt work as a known one with a wrong password (a dummy
 *       hash of the same cost), so timing does not tell valid user names apart;
 *   <li>bcrypt runs on a small pool of its own with a bounded queue, never on the HTTP threads; a
 *       flood of wrong passwords fills the queue and is turned away, while a scraper whose
 *       credentials were verified recently is let in from a cache (keyed by a SHA-256 of user and
 *       password, never the password itself) without any bcrypt;
 *   <li>a malformed {@code Authorization} header (bad base64, no colon) is simply not authorized;
 *   <li>passwords longer than 72 bytes compare as Go's bcrypt (Prometheus' exporter toolkit) does:
 *       on their first 72 bytes.
 * </ul>
 */
final class BasicAuth implements AutoCloseable {
  /** What a request's credentials come to. */
  enum Verdict {
    ALLOWED,
    DENIED,
    /** Too many checks waiting: answered 503 at once instead of queueing without bound. */
    BUSY
  }

  private static final int BCRYPT_MAX_BYTES = 72;

  private final Map<String, BCrypt.HashData> users;
  private final BCrypt.HashData dummy;
  private final ThreadPoolExecutor pool;
  private final Cache<String, Boolean> verified =
      Caffeine.newBuilder().maximumSize(1000).expireAfterAccess(Duration.ofMinutes(5)).build();

  /**
   * @param hashes user → bcrypt hash, validated by {@link WebConfig}
   */
  BasicAuth(Map<String, String> hashes, int threads, int queue) {
    Map<String, BCrypt.HashData> parsed = new java.util.HashMap<>();
    hashes.forEach((user, hash) -> parsed.put(user, parse(hash)));
    this.users = Map.copyOf(parsed);
    int cost = parsed.values().stream().mapToInt(h -> h.cost).max().orElse(10);
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    this.dummy = BCrypt.with(BCrypt.Version.VERSION_2Y).hashRaw(cost, salt, randomPassword());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "statsbridge-auth-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  private static BCrypt.HashData parse(String hash) {
    try {
      return BCrypt.Version.VERSION_2A.parser.parse(hash.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalBCryptFormatException e) {
      throw new IllegalArgumentException("not a bcrypt hash", e);
    }
  }

  private static byte[] randomPassword() {
    byte[] pw = new byte[24];
    new SecureRandom().nextBytes(pw);
    return Base64.getEncoder().encode(pw);
  }

  /** The verdict for an {@code Authorization} header, now when it can be had cheaply. */
  CompletableFuture<Verdict> check(String authorization) {
    Credentials c = Credentials.parse(authorization);
    if (c == null) {
      return CompletableFuture.completedFuture(Verdict.DENIED);
    }
    String key = digest(c);
    if (verified.getIfPresent(key) != null) {
      return CompletableFuture.completedFuture(Verdict.ALLOWED);
    }
    BCrypt.HashData hash = users.getOrDefault(c.user, dummy);
    boolean known = users.containsKey(c.user);
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            boolean ok = matches(c.password, hash) && known;
            if (ok) {
              verified.put(key, true);
            }
            return ok ? Verdict.ALLOWED : Verdict.DENIED;
          },
          pool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(Verdict.BUSY);
    }
  }

  /** bcrypt as OpenBSD and Go compute it: the password and a NUL, at most 72 bytes in all. */
  static boolean matches(byte[] password, BCrypt.HashData hash) {
    if (password.length >= BCRYPT_MAX_BYTES) {
      byte[] first = Arrays.copyOf(password, BCRYPT_MAX_BYTES);
      return BCrypt.verifyer(BCrypt.Version.VERSION_2Y_NO_NULL_TERMINATOR)
          .verify(first, hash.cost, hash.rawSalt, hash.rawHash)
          .verified;
    }
    return BCrypt.verifyer(BCrypt.Version.VERSION_2Y)
        .verify(password, hash.cost, hash.rawSalt, hash.rawHash)
        .verified;
  }

  private static String digest(Credentials c) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(c.user.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(c.password);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** User and password of a {@code Basic} header; null when the header is not one. */
  private record Credentials(String user, byte[] password) {
    static Credentials parse(String header) {
      if (header == null) {
        return null;
      }
      String h = header.trim();
      int space = h.indexOf(' ');
      if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
        return null;
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(h.substring(space + 1).trim());
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = -1;
      for (int i = 0; i < decoded.length; i++) {
        if (decoded[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon < 0) {
        return null;
      }
      return new Credentials(
          new String(decoded, 0, colon, StandardCharsets.UTF_8),
          Arrays.copyOfRange(decoded, colon + 1, decoded.length));
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
