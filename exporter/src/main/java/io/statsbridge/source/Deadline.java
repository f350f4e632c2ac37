package io.statsbridge.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The time one poll may take, handed to every request it makes: a source that needs several
 * requests (Traffic Ops per CDN × metric type, Dynatrace v2 pages) stops when it is spent, so no
 * poll runs into the query's next tick. A retired poll is {@link #cancel cancelled}: its requests
 * in flight are aborted at once instead of holding a thread until their timeout.
 */
public final class Deadline {
  private final Clock clock;
  private final Instant at;
  private final Duration requestTimeout;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  private Deadline(Clock clock, Instant at, Duration requestTimeout) {
    this.clock = clock;
    this.at = at;
    this.requestTimeout = requestTimeout;
  }

  /**
   * @param at when the poll must be over
   * @param requestTimeout the longest any one request may take (the query's {@code timeout})
   */
  public static Deadline of(Clock clock, Instant at, Duration requestTimeout) {
    return new Deadline(clock, at, requestTimeout);
  }

  public Instant at() {
    return at;
  }

  public Duration remaining() {
    return Duration.between(clock.instant(), at);
  }

  /**
   * The timeout for the next request: the per-request timeout, or what is left of the poll if that
   * is less.
   *
   * @throws SourceException {@code TIMEOUT} when the poll's time is spent or it was cancelled
   */
  public Duration nextRequest(String what) throws SourceException {
    if (cancelled) {
      throw new SourceException(SourceException.Kind.TIMEOUT, what + ": poll cancelled");
    }
    Duration left = remaining();
    if (left.isNegative() || left.isZero()) {
      throw new SourceException(
          SourceException.Kind.TIMEOUT, what + ": poll deadline passed before this request");
    }
    return requestTimeout.compareTo(left) < 0 ? requestTimeout : left;
  }

  /** Registers a request in flight, so that {@link #cancel} can abort it. */
  void started(Call call) {
    inFlight.add(call);
    if (cancelled) {
      call.cancel();
    }
  }

  void finished(Call call) {
    inFlight.remove(call);
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Aborts the requests in flight and refuses new ones. */
  public void cancel() {
    cancelled = true;
    inFlight.forEach(Call::cancel);
  }
}
