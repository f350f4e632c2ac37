package io.statsbridge.cli;

/** Bad command-line usage: exit code 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
