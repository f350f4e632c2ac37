package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.exposition.Exposition.Format;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  @Test
  void oddLabelValuesAreEscapedNotDropped() {
    assertEquals(
        "{query=\"q\",svc=\"a\\\"b\\\\c\\nd\",zone=\"\"}",
        LabelSet.render("q", List.of("svc", "zone"), List.of("a\"b\\c\nd", "")));
    assertEquals(
        "{query=\"q\",x=\"ünï cødé ✓\"}",
        LabelSet.render("q", List.of("x"), List.of("ünï cødé ✓")));
  }

  @Test
  void valuesPrintAsIntegersWhenWholeAndInfinitiesInPrometheusSpelling() {
    StringBuilder out = new StringBuilder();
    Exposition.appendValue(out, 12345678901234.0);
    out.append(' ');
    Exposition.appendValue(out, 0.0008);
    out.append(' ');
    Exposition.appendValue(out, Double.POSITIVE_INFINITY);
    out.append(' ');
    Exposition.appendValue(out, 1e300);
    assertEquals("12345678901234 8.0E-4 +Inf 1.0E300", out.toString());
  }

  @Test
  void countersAreNamedPerFormat() {
    MetricFamily f = MetricFamily.counter("x_bytes", "Bytes\nsent \\ here.");
    assertEquals(
        "# HELP x_bytes_total Bytes\\nsent \\\\ here.\n# TYPE x_bytes_total counter\n",
        new String(Exposition.header(f, Format.TEXT_004), StandardCharsets.UTF_8));
    assertEquals(
        "# TYPE x_bytes counter\n# HELP x_bytes Bytes\\nsent \\\\ here.\n",
        new String(Exposition.header(f, Format.OPENMETRICS), StandardCharsets.UTF_8));
  }
}
