package io.statsbridge.cli;

import io.statsbridge.log.Log;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** SIGHUP → reload, as Prometheus does, wherever the JVM lets us trap it. */
public final class Signals {
  private static final Log LOG = Log.of(Signals.class);
  private static final String OTHERWISE =
      "reload with POST /-/reload (start with --web.enable-lifecycle) or restart";

  private Signals() {}

  public static void onHangup(Runnable action) {
    try {
      SignalHandler before =
          Signal.handle(
              new Signal("HUP"),
              signal -> {
                LOG.info("SIGHUP received, reloading config");
                action.run();
              });
      if (before == SignalHandler.SIG_IGN) {
        // Started with SIGHUP ignored (nohup, some supervisors): the JVM keeps it ignored.
        LOG.warn("SIGHUP is ignored by how this process was started; " + OTHERWISE);
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("SIGHUP cannot be trapped here; " + OTHERWISE, "err", e.getMessage());
    }
  }
}
