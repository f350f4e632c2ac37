package io.statsbridge.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another process or thread does, with a deadline and a clear failure. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!safely(condition)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static boolean safely(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
