package io.statsbridge.web;

import io.statsbridge.config.ConfigException;
import io.statsbridge.config.FileProblems;
import io.statsbridge.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The web config in force, read again when web.yml or the certificate and key it names change, so
 * that cert-manager and the like can rotate them without a restart (Prometheus' exporter toolkit
 * reads them on every new connection). New connections and requests look, at most once every {@link
 * #CHECK_EVERY} of the injected clock, at the files' contents; {@code POST /-/reload} and SIGHUP
 * read them at once. A new config that cannot be used (a bad file, a key that is not the
 * certificate's, HTTPS switched on or off) leaves the running settings in force, and says so in the
 * log, once per change, and in the reload's answer.
 */
public final class LiveWebConfig {
  private static final Log LOG = Log.of(LiveWebConfig.class);

  /** How often new connections and requests may look at the files. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final Path file;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile WebConfig current;
  private volatile Instant nextCheck;
  private volatile Consumer<WebConfig> apply = config -> {};

  /** The files' contents last looked at, and those of the config in force; guarded by lock. */
  private String seen;

  private String applied;

  private LiveWebConfig(Path file, WebConfig loaded, Clock clock) {
    this.file = file;
    this.current = loaded;
    this.clock = clock;
    this.nextCheck = clock.instant().plus(CHECK_EVERY);
    this.seen = file == null ? "" : fingerprint(file);
    this.applied = seen;
  }

  /** A web config that never changes (none given, or a test's). */
  public static LiveWebConfig fixed(WebConfig config) {
    return new LiveWebConfig(null, config, Clock.systemUTC());
  }

  /**
   * @param loaded the config just read from {@code file}
   */
  public static LiveWebConfig watching(Path file, WebConfig loaded, Clock clock) {
    return new LiveWebConfig(file, loaded, clock);
  }

  public WebConfig current() {
    return current;
  }

  boolean watched() {
    return file != null;
  }

  /**
   * What puts a new config to use besides {@link #current()} (the server's TLS); it throws when it
   * cannot, and the running config stays.
   */
  void onChange(Consumer<WebConfig> apply) {
    this.apply = apply;
  }

  /**
   * Reads the files again if they changed, when {@link #CHECK_EVERY} has passed; a new connection
   * or request calls it. Never waits for a check under way elsewhere.
   */
  void checkIfDue() {
    if (file == null || clock.instant().isBefore(nextCheck) || !lock.tryLock()) {
      return;
    }
    try {
      Instant now = clock.instant();
      if (!now.isBefore(nextCheck)) {
        nextCheck = now.plus(CHECK_EVERY);
        refresh(false);
      }
    } catch (RuntimeException e) {
      LOG.error("web config check failed; the running settings stay", "err", e.toString());
    } finally {
      lock.unlock();
    }
  }

  /** Reads the files again now ({@code POST /-/reload}, SIGHUP); returns the problems. */
  public List<String> reload() {
    if (file == null) {
      return List.of();
    }
    lock.lock();
    try {
      return refresh(true);
    } finally {
      lock.unlock();
    }
  }

  private List<String> refresh(boolean asked) {
    String now = fingerprint(file);
    if (!asked && now.equals(seen)) {
      return List.of();
    }
    seen = now; // a bad file is reported once, until it changes again or a reload asks
    WebConfig next;
    try {
      next = WebConfig.load(file);
    } catch (ConfigException e) {
      return failed(e.problems());
    }
    if (next.tls().isPresent() != current.tls().isPresent()) {
      return failed(
          List.of(
              file
                  + ": tls_server_config was "
                  + (next.tls().isPresent() ? "added" : "removed")
                  + "; switching between HTTP and HTTPS takes a restart"));
    }
    if (now.equals(applied)) {
      return List.of(); // what is in force already
    }
    try {
      apply.accept(next);
    } catch (RuntimeException e) {
      return failed(List.of(file + ": cannot use the new TLS settings: " + e.getMessage()));
    }
    current = next;
    applied = now;
    LOG.info(
        "web config reloaded",
        "file",
        file,
        "tls",
        next.tls().isPresent(),
        "basic_auth_users",
        next.basicAuthUsers().size());
    return List.of();
  }

  private static List<String> failed(List<String> problems) {
    for (String problem : problems) {
      LOG.error(
          "web config reload failed; the running TLS and basic auth settings stay",
          "problem",
          problem);
    }
    return problems;
  }

  /** A digest of the config's files: names and contents, or why one cannot be read. */
  static String fingerprint(Path file) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path f : WebConfig.files(file)) {
      sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      try {
        if (Files.size(f) <= FileProblems.MAX_BYTES) {
          sha.update(Files.readAllBytes(f));
        } else {
          sha.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException | RuntimeException e) {
        sha.update(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
      }
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
