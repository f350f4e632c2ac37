package io.statsbridge.log;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Installs the logfmt handler on stderr once, at start-up, with the level from --log.level. */
public final class LogSetup {
  /** Held here: java.util.logging keeps loggers only weakly, and would forget the level. */
  private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

  /** The handler {@link #install} added, if it did; see {@link #orphaned}. */
  private static volatile Handler installed;

  private LogSetup() {}

  /** Accepted --log.level values, as in Prometheus. */
  public static Level parseLevel(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default ->
          throw new IllegalArgumentException(
              "--log.level must be one of debug, info, warn, error (got \"" + name + "\")");
    };
  }

  /**
   * The installed handler if java.util.logging has let go of it: the JDK's own shutdown hook resets
   * every logger, so lines logged while the process stops (that it stops, that it stopped) would
   * reach no handler. {@link Log} writes them through this one instead.
   */
  static Optional<Handler> orphaned() {
    Handler handler = installed;
    if (handler == null) {
      return Optional.empty();
    }
    for (Handler attached : Logger.getLogger("").getHandlers()) {
      if (attached == handler) {
        return Optional.empty();
      }
    }
    return Optional.of(handler);
  }

  /**
   * Called first thing when the process stops: takes the handler off the root logger so that every
   * later line goes through {@link #orphaned}, whenever the JDK's own hook resets the loggers. The
   * JDK's hook runs at the same time as ours, so without this a line could be checked as attached,
   * then find the handler gone (ContainerIT lost "stop requested" that way).
   */
  public static void keepThroughShutdown() {
    Handler handler = installed;
    if (handler != null) {
      Logger.getLogger("").removeHandler(handler);
    }
  }

  public static void install(Level level) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new LogfmtFormatter());
    handler.setLevel(level);
    root.addHandler(handler);
    installed = handler;
    // The JDK and libraries log through JUL too; --log.level=debug is about statsbridge only.
    root.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
    Logger.getLogger("io.statsbridge").setLevel(level);
    // Jetty announces its start and stop at info; only its warnings concern a user.
    JETTY.setLevel(level.intValue() < Level.WARNING.intValue() ? Level.WARNING : level);
  }
}
