package io.statsbridge.log;

import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A thin logfmt-oriented facade over java.util.logging: a message plus key/value pairs, rendered by
 * {@link LogfmtFormatter} as {@code ts=… level=… caller=… msg=… key=value}.
 */
public final class Log {
  private final Logger logger;

  private Log(Logger logger) {
    this.logger = logger;
  }

  public static Log of(Class<?> type) {
    return new Log(Logger.getLogger(type.getName()));
  }

  public void debug(String msg, Object... keyValues) {
    log(Level.FINE, msg, keyValues);
  }

  public void info(String msg, Object... keyValues) {
    log(Level.INFO, msg, keyValues);
  }

  public void warn(String msg, Object... keyValues) {
    log(Level.WARNING, msg, keyValues);
  }

  public void error(String msg, Object... keyValues) {
    log(Level.SEVERE, msg, keyValues);
  }

  private void log(Level level, String msg, Object[] keyValues) {
    Optional<Handler> orphaned = LogSetup.orphaned();
    if (orphaned.isEmpty()
        ? !logger.isLoggable(level)
        : level.intValue() < orphaned.get().getLevel().intValue()) {
      return;
    }
    LogRecord record = new LogRecord(level, msg);
    record.setLoggerName(logger.getName());
    record.setParameters(keyValues);
    if (orphaned.isPresent()) {
      orphaned.get().publish(record); // the process is stopping: see LogSetup.orphaned
      orphaned.get().flush();
    } else {
      logger.log(record);
    }
  }
}
