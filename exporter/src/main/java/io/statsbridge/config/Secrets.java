package io.statsbridge.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secret values, inline or from a file, cleaned and checked before anything sends them. A secret
 * file often carries a byte order mark (saved by a Windows editor) or a trailing newline ({@code
 * echo key > file}, Kubernetes secrets made from files): both are removed, with surrounding
 * whitespace. What is left must be sendable as is: OkHttp accepts only tab and 0x20–0x7E in a
 * header value, and its exception quotes the value, so a bad character is refused here, with a
 * message that names the key and the file but never the value or a part of it.
 *
 * <p>A relative file name starts from the config file's folder. In a load without secrets ({@code
 * --check-config.skip-secrets}) a secret file that is absent or cannot be read is left unchecked;
 * one that can be read is checked as always.
 */
final class Secrets {
  /** Where the value goes, which decides the characters it may hold. */
  enum Use {
    /** An HTTP header value: tab and printable ASCII. */
    HEADER,
    /** Text in a JSON request body: anything but control characters. */
    BODY
  }

  /** What stands for a secret that was not read: never sent, a lint opens no source. */
  static final String UNCHECKED = "unchecked-secret";

  private Secrets() {}

  static Optional<Secret> read(ConfigNode node, String key, String inline, String file, Use use) {
    if (inline != null && file != null) {
      node.problem(key, "set either " + key + " or " + key + "_file, not both");
      return Optional.empty();
    }
    if (file != null) {
      return fromFile(node, key + "_file", file, use);
    }
    String value = inline == null ? "" : clean(inline);
    if (value.isEmpty()) {
      node.problem(key, "is required (set " + key + " or " + key + "_file)");
      return Optional.empty();
    }
    Optional<String> wrong = problem(value, use);
    if (wrong.isPresent()) {
      node.problem(key, wrong.get());
      return Optional.empty();
    }
    return Optional.of(new Secret(value));
  }

  private static Optional<Secret> fromFile(ConfigNode node, String key, String name, Use use) {
    Path file;
    try {
      file = node.file(name);
    } catch (InvalidPathException e) {
      node.problem(key, "is not a valid path");
      return Optional.empty();
    }
    if (!node.readsSecrets() && !Files.isReadable(file)) {
      node.unchecked(
          key, file + ": " + (Files.exists(file) ? "permission denied" : "file not found"));
      return Optional.of(new Secret(UNCHECKED));
    }
    String value;
    try {
      value = clean(FileProblems.readText(file));
    } catch (FileProblems.Unusable e) {
      node.problem(key, "cannot read secret file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    if (value.isEmpty()) {
      node.problem(key, "file " + file + " is empty");
      return Optional.empty();
    }
    Optional<String> wrong = problem(value, use);
    if (wrong.isPresent()) {
      node.problem(key, file + " " + wrong.get() + "; check the file's encoding");
      return Optional.empty();
    }
    return Optional.of(new Secret(value));
  }

  /** Without a leading byte order mark and surrounding whitespace (a trailing newline). */
  static String clean(String raw) {
    return (raw.startsWith("\uFEFF") ? raw.substring(1) : raw).strip();
  }

  /** Why the value cannot be sent, in words that never quote it; empty when it can. */
  static Optional<String> problem(String value, Use use) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        return Optional.of("holds more than one line (only a trailing newline is removed)");
      }
      if (use == Use.HEADER && c != '\t' && (c < 0x20 || c > 0x7e)) {
        return Optional.of(
            "holds a character that is not allowed in an HTTP header (non-ASCII or a control"
                + " character)");
      }
      if (use == Use.BODY && c != '\t' && Character.isISOControl(c)) {
        return Optional.of("holds a control character");
      }
    }
    return Optional.empty();
  }
}
