package io.statsbridge.source;

/**
 * A source that cannot be opened as configured, for a reason found only when it opens (the
 * environment's proxy, say); the message names the source and says why in words.
 */
public final class SourceUnusable extends RuntimeException {
  public SourceUnusable(String message, Throwable cause) {
    super(message, cause);
  }
}
