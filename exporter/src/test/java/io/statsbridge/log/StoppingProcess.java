package io.statsbridge.log;

import java.util.logging.Level;

/**
 * A JVM that logs from its shutdown hook while the JDK's own hook resets java.util.logging, as
 * statsbridge's Main does when it stops; {@link ShutdownLoggingTest} counts what arrives.
 */
final class StoppingProcess {
  static final int LINES = 200;

  private StoppingProcess() {}

  public static void main(String[] args) {
    boolean keep = !args[0].equals("bare");
    LogSetup.install(Level.INFO);
    Log log = Log.of(StoppingProcess.class);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (keep) {
                    LogSetup.keepThroughShutdown();
                  }
                  for (int i = 0; i < LINES; i++) {
                    log.info("stopping", "line", i);
                  }
                }));
    System.exit(0);
  }
}
