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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Basic auth against bcrypt hashes, as Prometheus' web.yml does, built so that it tells an attacker
 * nothing and costs valid scrapers nothing:
 *
 * <ul>
 *   <li>an unknown user costs the same bcrypt work as a known one with a wrong password (a check
 *       against a random hash of the same cost), so timing does not tell valid user names apart;
 *   <li>bcrypt runs on a small {@link FairPool} of its own, never on the HTTP threads, queued per
 *       client (remote address) and served one client at a time in turn: a flood of wrong passwords
 *       from one address fills that address's queue and is turned away, while a client elsewhere
 *       waits for at most one check of each other client; a scraper whose credentials were verified
 *       recently is let in from a cache (keyed by a SHA-256 of user, password and the user's hash,
 *       never the password itself) without any bcrypt;
 *   <li>a malformed {@code Authorization} header (bad base64, no colon) is simply not authorized;
 *   <li>passwords longer than 72 bytes compare as Go's bcrypt (Prometheus' exporter toolkit) does:
 *       on their first 72 bytes.
 * </ul>
 *
 * <p>The users are given with each check: the web config they come from may be read again while the
 * exporter runs. A changed hash is a new cache key, so an old password stops working at once.
 */
final class BasicAuth implements AutoCloseable {
  /** What a request's credentials come to. */
  enum Verdict {
    ALLOWED,
    DENIED,
    /** Too many checks waiting for this client: answered 503 at once instead of queueing. */
    BUSY
  }

  private static final int BCRYPT_MAX_BYTES = 72;

  private final FairPool pool;
  private final Cache<String, Boolean> verified =
      Caffeine.newBuilder().maximumSize(1000).expireAfterAccess(Duration.ofMinutes(5)).build();
  private volatile Users users = new Users(Map.of());

  /**
   * @param threads how many checks run at once
   * @param perClient how many checks of one client may wait
   * @param clients how many clients may have checks waiting
   */
  BasicAuth(int threads, int perClient, int clients) {
    this.pool = new FairPool("statsbridge-auth", threads, perClient, clients);
  }

  /** The users of one web config, parsed, with a random hash of their highest cost. */
  private static final class Users {
    final Map<String, String> source;
    final Map<String, BCrypt.HashData> hashes;
    final BCrypt.HashData unknown;

    Users(Map<String, String> source) {
      this.source = source;
      Map<String, BCrypt.HashData> parsed = new HashMap<>();
      source.forEach((user, hash) -> parsed.put(user, parse(hash)));
      this.hashes = Map.copyOf(parsed);
      int cost = parsed.values().stream().mapToInt(h -> h.cost).max().orElse(10);
      SecureRandom random = new SecureRandom();
      byte[] salt = new byte[16];
      byte[] hash = new byte[23];
      random.nextBytes(salt);
      random.nextBytes(hash);
      // Checked like a real hash, so that it costs the same; it never matches (2^-184).
      this.unknown = new BCrypt.HashData(cost, BCrypt.Version.VERSION_2Y, salt, hash);
    }
  }

  private static BCrypt.HashData parse(String hash) {
    try {
      return BCrypt.Version.VERSION_2A.parser.parse(hash.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalBCryptFormatException e) {
      throw new IllegalArgumentException("not a bcrypt hash", e);
    }
  }

  private Users users(Map<String, String> hashes) {
    Users u = users;
    if (u.source != hashes) {
      u = new Users(hashes);
      users = u;
    }
    return u;
  }

  /**
   * The verdict for an {@code Authorization} header, now when it can be had cheaply.
   *
   * @param client whose turn the check waits for: the remote address
   * @param hashes user → bcrypt hash, validated by {@link WebConfig}
   */
  CompletableFuture<Verdict> check(
      String authorization, String client, Map<String, String> hashes) {
    Credentials c = Credentials.parse(authorization);
    if (c == null) {
      return CompletableFuture.completedFuture(Verdict.DENIED);
    }
    Users u = users(hashes);
    BCrypt.HashData hash = u.hashes.get(c.user);
    String key = hash == null ? null : digest(c, hashes.get(c.user));
    if (key != null && verified.getIfPresent(key) != null) {
      return CompletableFuture.completedFuture(Verdict.ALLOWED);
    }
    CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    Runnable bcrypt =
        () -> {
          boolean ok = matches(c.password, hash == null ? u.unknown : hash) && key != null;
          if (ok) {
            verified.put(key, true);
          }
          verdict.complete(ok ? Verdict.ALLOWED : Verdict.DENIED);
        };
    return pool.submit(client, bcrypt) ? verdict : CompletableFuture.completedFuture(Verdict.BUSY);
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

  private static String digest(Credentials c, String hash) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(c.user.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(c.password);
      sha.update((byte) 0);
      sha.update(hash.getBytes(StandardCharsets.UTF_8));
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
    pool.close();
  }
}
