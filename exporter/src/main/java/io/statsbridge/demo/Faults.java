package io.statsbridge.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The simulator's fault knob: faults queued here are served once each, in order, to the next
 * requests; {@link #hangAll} makes every request hang until cleared.
 */
public final class Faults {
  private final ConcurrentLinkedQueue<Fault> queue = new ConcurrentLinkedQueue<>();
  private volatile boolean hangAll;
  private volatile long generation;
  private final java.util.concurrent.atomic.AtomicInteger hanging =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Duration slowDelay = Duration.ofSeconds(2);

  public Faults inject(Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
    return this;
  }

  public void hangAll(boolean hang) {
    this.hangAll = hang;
    if (!hang) {
      generation++;
    }
  }

  public void slowDelay(Duration delay) {
    this.slowDelay = delay;
  }

  Duration slowDelay() {
    return slowDelay;
  }

  Optional<Fault> next() {
    return hangAll ? Optional.of(Fault.HANG) : Optional.ofNullable(queue.poll());
  }

  /** Drops queued faults and releases every hanging request. */
  public void clear() {
    queue.clear();
    hangAll = false;
    generation++;
  }

  long generation() {
    return generation;
  }

  /** Requests being held by a HANG fault right now: tests wait on it instead of sleeping. */
  public int hanging() {
    return hanging.get();
  }

  void hangStarted() {
    hanging.incrementAndGet();
  }

  void hangEnded() {
    hanging.decrementAndGet();
  }
}
