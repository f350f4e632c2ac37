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
        LabelSet.of("q", List.of("svc", "zone")).render(List.of("a\"b\\c\nd", "")).toString());
    assertEquals(
        "{query=\"q\",x=\"ünï cødé ✓\"}",
        LabelSet.of("q", List.of("x")).render(List.of("ünï cødé ✓")).toString());
    LabelSet both = LabelSet.of("a \"quoted\" qüery", List.of("ascii", "other"));
    assertEquals(
        "{query=\"a \\\"quoted\\\" qüery\",ascii=\"x\\\\y\",other=\"zoné\\n\"}",
        both.render(List.of("x\\y", "zoné\n")).toString());
    assertEquals(
        "{query=\"a \\\"quoted\\\" qüery\",ascii=\"x\\\\y\",other=\"zone\\n\"}",
        both.render(List.of("x\\y", "zone\n")).toString());
    assertEquals(
        both.render(List.of("same", "row")),
        both.render(List.of("same", "row")),
        "a label set renders the same row to equal series");
  }

  @Test
  void upstreamKeysBecomeLabelNamesHereAndNowhereElse() {
    // A group-by or dimension key as the upstream spells it; "query" is ours.
    assertEquals(
        List.of("network_client_ip", "exported_query", "dt_entity_host", "exported_job"),
        LabelSet.of("q", List.of("network.client.ip", "query", "dt.entity.host", "job")).names());
    assertEquals(
        "{query=\"q\",availability_zone=\"a\",availability_zone_2=\"b\"}",
        LabelSet.of("q", List.of("availability-zone", "availability.zone"))
            .render(List.of("a", "b"))
            .toString());
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

  @Test
  void openMetricsEscapesTheQuoteInHelpTheTextFormatDoesNot() {
    MetricFamily f = MetricFamily.gauge("x_seconds", "Selector \"builtin:service\":avg.");
    assertEquals(
        "# HELP x_seconds Selector \"builtin:service\":avg.\n# TYPE x_seconds gauge\n",
        new String(Exposition.header(f, Format.TEXT_004), StandardCharsets.UTF_8));
    assertEquals(
        "# TYPE x_seconds gauge\n# HELP x_seconds Selector \\\"builtin:service\\\":avg.\n",
        new String(Exposition.header(f, Format.OPENMETRICS), StandardCharsets.UTF_8));
  }
}
