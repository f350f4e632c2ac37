package io.statsbridge.demo;

/** Faults the simulator can inject into its next responses, for tests, the benchmark and demos. */
public enum Fault {
  /** 429 with X-RateLimit-Reset: 1. */
  RATE_LIMIT,
  /** 503 with an error body. */
  SERVER_ERROR,
  /** A 200 whose JSON body is cut off. */
  MALFORMED,
  /** A 200 whose body is not JSON at all (a proxy's HTML error page). */
  GARBAGE,
  /** Answer only after the fault's delay (a slow upstream). */
  SLOW,
  /** Never answer (a dead upstream that keeps the connection open). */
  HANG
}
