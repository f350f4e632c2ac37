package io.statsbridge.exposition;

import java.nio.charset.StandardCharsets;

/** Text-format spelling shared by the renderers: headers, label escaping, numbers. */
public final class Exposition {
  /** The negotiated format of one scrape. */
  public enum Format {
    TEXT_004("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    public final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }
  }

  private Exposition() {}

  public static byte[] header(MetricFamily family, Format format) {
    String type = family.kind() == MetricFamily.Kind.COUNTER ? "counter" : "gauge";
    String help = escapeHelp(family.help(), format);
    String text =
        format == Format.OPENMETRICS
            ? "# TYPE "
                + family.name()
                + " "
                + type
                + "\n# HELP "
                + family.name()
                + " "
                + help
                + "\n"
            : "# HELP "
                + family.sampleName()
                + " "
                + help
                + "\n# TYPE "
                + family.sampleName()
                + " "
                + type
                + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The text format escapes backslash and newline in HELP; OpenMetrics also the double quote
   * (Dynatrace's help text quotes its selector), which a text-format reader takes literally.
   */
  static String escapeHelp(String help, Format format) {
    String escaped = help.replace("\\", "\\\\").replace("\n", "\\n");
    return format == Format.OPENMETRICS ? escaped.replace("\"", "\\\"") : escaped;
  }

  /** Appends {@code "value"} with the text format's escapes (backslash, quote, newline). */
  public static void appendLabelValue(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    out.append('"');
  }
}
