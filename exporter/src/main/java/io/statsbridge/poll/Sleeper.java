package io.statsbridge.poll;

import java.time.Duration;

/** Waiting between retries; injected so tests move on without sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

  void sleep(Duration duration) throws InterruptedException;
}
