package io.statsbridge.log;

import java.util.Collection;

/**
 * Masks secrets in a text. Every error text that can reach a log line, the landing page or a reload
 * answer passes through one before it is cut short, so not even a prefix of a secret survives. The
 * exporter's own is a {@link LiveRedactor}: the configured secrets and those obtained at run time.
 */
@FunctionalInterface
public interface Redactor {
  Redactor NONE = text -> text;

  /** {@code text} with every secret replaced by {@code <secret>}; null stays null. */
  String apply(String text);

  /** A redactor of a fixed set of secrets; equal values are one secret. */
  static Redactor of(Collection<String> secrets) {
    return SecretForms.of(secrets);
  }
}
