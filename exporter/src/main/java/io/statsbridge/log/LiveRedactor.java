package io.statsbridge.log;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The exporter's one redactor: the secrets of every config this process loaded, and every secret it
 * obtained at run time (a Traffic Ops session cookie, an access token) from the moment it is
 * received until it expires. Thread-safe: sources add what they obtain while polls, the web server
 * and the reloader redact; time comes from the injected clock.
 *
 * <p>Configured secrets stay for the life of the process: a key rotated away by a reload may still
 * be valid upstream, and a poll of the replaced config may still be answering. An obtained secret
 * leaves at its expiry, after which it opens nothing.
 */
public final class LiveRedactor implements Redactor {
  private final Clock clock;
  private final Set<String> configured = new LinkedHashSet<>();
  private final Map<String, Instant> obtained = new HashMap<>();

  /** What {@link #apply} uses, until {@code until}, when the first obtained secret expires. */
  private record Current(Redactor redactor, Instant until) {}

  private volatile Current current = new Current(Redactor.NONE, Instant.MAX);

  public LiveRedactor(Clock clock) {
    this.clock = clock;
  }

  /** The secrets of a config about to be used; kept for the life of the process. */
  public synchronized void configured(Collection<String> secrets) {
    if (configured.addAll(secrets)) {
      rebuild();
    }
  }

  /** A secret received at run time, masked from now until {@code expires}. */
  public synchronized void obtained(String secret, Instant expires) {
    if (expires.isAfter(clock.instant())) {
      obtained.merge(secret, expires, (a, b) -> a.isAfter(b) ? a : b);
      rebuild();
    }
  }

  @Override
  public String apply(String text) {
    Current c = current;
    if (!clock.instant().isBefore(c.until())) {
      c = expire();
    }
    return c.redactor().apply(text);
  }

  private synchronized Current expire() {
    rebuild();
    return current;
  }

  private void rebuild() {
    Instant now = clock.instant();
    obtained.values().removeIf(expires -> !expires.isAfter(now));
    Set<String> all = new LinkedHashSet<>(configured);
    all.addAll(obtained.keySet());
    Instant until = obtained.values().stream().min(Instant::compareTo).orElse(Instant.MAX);
    current = new Current(Redactor.of(all), until);
  }
}
