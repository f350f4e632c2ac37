package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.common.TextFormat;
import io.statsbridge.testing.GzipMember;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
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

  /**
   * Random text of every kind of char (ASCII, two- and three-byte, surrogate pairs, lone halves),
   * written in random pieces through every method, so pairs are split across writes: the bytes are
   * {@link String#getBytes}', lone surrogates as {@code ?}, and the gzip form inflates to them.
   */
  @RepeatedTest(50)
  void encodesAsStringGetBytesDoesHoweverTheTextIsCut(RepetitionInfo repetition) throws Exception {
    Random random = new Random(repetition.getCurrentRepetition());
    char[] kinds = {'a', '\n', 'é', 'ß', '€', '☕', '\uD83D', '\uDE80', '\uDBFF', '\uDC00'};
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      all.append(random.nextInt(3) == 0 ? kinds[random.nextInt(kinds.length)] : 'x');
    }
    String expected = all.toString();
    TextBuffer text = new TextBuffer(1 + random.nextInt(64));
    for (int at = 0; at < expected.length(); ) {
      int n = Math.min(expected.length() - at, 1 + random.nextInt(40));
      String piece = expected.substring(at, at + n);
      switch (random.nextInt(5)) {
        case 0 -> piece.chars().forEach(text::write);
        case 1 -> text.write(piece);
        case 2 -> text.write(("<" + piece + ">").toCharArray(), 1, n);
        case 3 -> text.append(new StringBuilder(piece));
        default -> text.write("<" + piece + ">", 1, n);
      }
      at += n;
    }

    byte[] utf8 = expected.getBytes(StandardCharsets.UTF_8);
    assertEquals(utf8.length, text.length());
    try (InputStream gzip = text.gzip().gzip()) {
      assertArrayEquals(utf8, GzipMember.inflate(gzip.readAllBytes()));
    }
    assertArrayEquals(utf8, text.utf8());
  }
}
