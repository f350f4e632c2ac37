package io.statsbridge.testing;

import io.statsbridge.log.LogfmtFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures statsbridge's log lines, rendered exactly as users see them. */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final LogfmtFormatter formatter = new LogfmtFormatter();
  private final Logger logger = Logger.getLogger("io.statsbridge");
  private final Level previous;

  public LogCapture() {
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    lines.add(formatter.format(record));
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  public synchronized String text() {
    return String.join("", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
