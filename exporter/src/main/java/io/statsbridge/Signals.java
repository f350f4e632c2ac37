package io.statsbridge;

import io.statsbridge.log.Log;

/** SIGHUP → reload, as Prometheus does; silently absent where the JVM cannot trap it. */
final class Signals {
  private static final Log LOG = Log.of(Signals.class);

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          signal -> {
            LOG.info("SIGHUP received, reloading config");
            action.run();
          });
    } catch (IllegalArgumentException e) {
      LOG.warn("SIGHUP cannot be trapped here; use POST /-/reload", "err", e.getMessage());
    }
  }
}
