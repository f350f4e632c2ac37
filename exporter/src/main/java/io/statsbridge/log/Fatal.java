package io.statsbridge.log;

/**
 * What to do when the JVM itself fails ({@link OutOfMemoryError}, {@link StackOverflowError} …): a
 * process that keeps polling but can no longer answer, or answers with stale data, is worse than
 * one that exits and is restarted by its supervisor. Injected, so tests can watch instead of die.
 */
@FunctionalInterface
public interface Fatal {
  /** Exit status for a fatal JVM error, as {@code -XX:+ExitOnOutOfMemoryError} would end it. */
  int STATUS = 3;

  void handle(VirtualMachineError error);

  /** Logs one clear line and ends the process at once (no shutdown hooks: they may not run). */
  Fatal EXIT =
      error -> {
        try {
          Log.of(Fatal.class)
              .error(
                  "fatal JVM error; exiting so that the supervisor restarts statsbridge",
                  "err",
                  error.toString());
          System.err.println("statsbridge: fatal JVM error, exiting: " + error);
        } catch (Throwable ignored) {
          // logging may fail as well when memory is gone; exit regardless
        } finally {
          Runtime.getRuntime().halt(STATUS);
        }
      };
}
