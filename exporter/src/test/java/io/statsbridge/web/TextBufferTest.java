package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextBufferTest {
  /** Escapes, non-ASCII text and a character outside the BMP, in help text and label values. */
  private static CollectorRegistry registry() {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.build()
        .name("odd_gauge")
        .help("help with \\ backslash,\nnewline and café ☕ 🚀")
        .labelNames("v")
        .register(registry)
        .labels("quote \" backslash \\ newline \n é 🚀")
        .set(1.5);
    Counter.build().name("plain_total").help("plain").register(registry).inc(3);
    return registry;
  }

  @ParameterizedTest
  @ValueSource(strings = {TextFormat.CONTENT_TYPE_004, TextFormat.CONTENT_TYPE_OPENMETRICS_100})
  void writesTheSameBytesAsAnEncodingWriter(String contentType) throws Exception {
    CollectorRegistry registry = registry();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (Writer writer = new OutputStreamWriter(expected, StandardCharsets.UTF_8)) {
      TextFormat.writeFormat(contentType, writer, registry.metricFamilySamples());
    }
    TextBuffer text = new TextBuffer(16);
    TextFormat.writeFormat(contentType, text, registry.metricFamilySamples());

    assertArrayEquals(expected.toByteArray(), text.utf8());
  }
}
