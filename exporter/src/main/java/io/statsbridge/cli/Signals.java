package io.statsbridge.cli;

import io.statsbridge.log.Log;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP → reload, as Prometheus does, wherever the JVM lets us trap it; SIGTERM and SIGINT → an
 * orderly stop that exits 0, as Prometheus does (the JVM's own handling exits 143 or 130, which
 * container runtimes and supervisors report as a failure).
 */
public final class Signals {
  private static final Log LOG = Log.of(Signals.class);
  private static final String OTHERWISE =
      "reload with POST /-/reload (start with --web.enable-lifecycle) or restart";

  private Signals() {}

  /** Stops the process with status 0 on SIGTERM and SIGINT; shutdown hooks run as usual. */
  public static void exitCleanlyOnTermination() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        SignalHandler before =
            Signal.handle(
                new Signal(name),
                signal -> {
                  LOG.info("SIG" + name + " received");
                  // Not on the signal thread: exit waits for the shutdown hooks to finish.
                  new Thread(() -> System.exit(0), "statsbridge-exit").start();
                });
        if (before == SignalHandler.SIG_IGN) {
          Signal.handle(new Signal(name), SignalHandler.SIG_IGN); // as the parent wanted
        }
      } catch (IllegalArgumentException e) {
        LOG.debug("SIG" + name + " cannot be trapped here", "err", e.getMessage());
      }
    }
  }

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
