package io.statsbridge.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Renders records as logfmt, the format Prometheus components log in. */
public final class LogfmtFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(128);
    line.append("ts=")
        .append(Instant.ofEpochMilli(record.getMillis()).truncatedTo(ChronoUnit.MILLIS));
    line.append(" level=").append(levelName(record.getLevel()));
    String logger = record.getLoggerName();
    if (logger != null) {
      line.append(" logger=").append(logger.substring(logger.lastIndexOf('.') + 1));
    }
    line.append(" msg=");
    boolean ours = logger != null && logger.startsWith("io.statsbridge.");
    appendValue(line, ours ? String.valueOf(record.getMessage()) : formatMessage(record));
    Object[] params = record.getParameters();
    if (ours && params != null) {
      for (int i = 0; i + 1 < params.length; i += 2) {
        line.append(' ').append(params[i]).append('=');
        appendValue(line, String.valueOf(params[i + 1]));
      }
    }
    if (record.getThrown() != null) {
      line.append(" err=");
      appendValue(line, String.valueOf(record.getThrown()));
    }
    return line.append('\n').toString();
  }

  static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "warn";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "info";
    }
    return "debug";
  }

  static void appendValue(StringBuilder line, String value) {
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\';
    }
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> line.append(c);
      }
    }
    line.append('"');
  }
}
