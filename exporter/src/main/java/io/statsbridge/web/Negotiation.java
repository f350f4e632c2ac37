package io.statsbridge.web;

import io.statsbridge.exposition.Exposition.Format;
import java.util.Locale;

/**
 * Reads {@code Accept} and {@code Accept-Encoding} as RFC 9110 says: comma-separated entries with
 * an optional {@code q} weight (0 means "not acceptable"), names compared without regard to case.
 */
final class Negotiation {
  private Negotiation() {}

  /** An entry's name (media range or coding) and weight. */
  private record Entry(String name, double q) {}

  private static Entry entry(String text) {
    String[] parts = text.split(";");
    String name = parts[0].trim().toLowerCase(Locale.ROOT);
    double q = 1;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("q")) {
        try {
          q = Math.max(0, Math.min(1, Double.parseDouble(p.substring(eq + 1).trim())));
        } catch (NumberFormatException e) {
          q = 0; // a weight we cannot read accepts nothing
        }
      }
    }
    return new Entry(name, q);
  }

  /**
   * The weight the header gives to {@code name}: its own entry, else the best wildcard that covers
   * it ({@code *}, or {@code type/*} for media types); -1 when nothing mentions it.
   */
  private static double weight(String header, String name, String... wildcards) {
    double exact = -1;
    double wild = -1;
    for (String part : header.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Entry e = entry(part);
      if (e.name.equals(name)) {
        exact = Math.max(exact, e.q);
      } else {
        for (String w : wildcards) {
          if (e.name.equals(w)) {
            wild = Math.max(wild, e.q);
          }
        }
      }
    }
    return exact >= 0 ? exact : wild;
  }

  /** Whether the client takes gzip: {@code gzip} (or {@code x-gzip}, or {@code *}) with q > 0. */
  static boolean gzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    double q = weight(acceptEncoding, "gzip", "x-gzip", "*");
    return q > 0;
  }

  /**
   * OpenMetrics when the client names it with a weight above zero, at least as high as the text
   * format's (Prometheus lists OpenMetrics first); otherwise text 0.0.4, which is also what a bare
   * {@code *}{@code /*} (curl, browsers) gets.
   */
  static Format format(String accept) {
    if (accept == null || accept.isBlank()) {
      return Format.TEXT_004;
    }
    double openMetrics = weight(accept, "application/openmetrics-text");
    double text = weight(accept, "text/plain", "text/*", "*/*");
    return openMetrics > 0 && openMetrics >= text ? Format.OPENMETRICS : Format.TEXT_004;
  }
}
