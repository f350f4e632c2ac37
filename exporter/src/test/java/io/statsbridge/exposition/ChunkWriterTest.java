package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.testing.GzipMember;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {
  private static final byte[] NAME = "x".getBytes(StandardCharsets.UTF_8);
  private static final SeriesLabels LABELS = LabelSet.of("q", List.of()).render(List.of());

  @Test
  void valuesPrintAsIntegersDecimalsOrInPrometheusSpelling() {
    double[] values = {
      12345678901234.0,
      0.0008,
      0.0024,
      14.8,
      -0.015,
      2.5e-12,
      Double.POSITIVE_INFINITY,
      1e300,
      -0.0,
      1e15,
      537935705.81
    };
    String text = render(values);
    assertEquals(
        String.join(
            "",
            "x{query=\"q\"} 12345678901234\n",
            "x{query=\"q\"} 0.0008\n",
            "x{query=\"q\"} 0.0024\n",
            "x{query=\"q\"} 14.8\n",
            "x{query=\"q\"} -0.015\n",
            "x{query=\"q\"} 2.5E-12\n",
            "x{query=\"q\"} +Inf\n",
            "x{query=\"q\"} 1.0E300\n",
            "x{query=\"q\"} 0\n",
            "x{query=\"q\"} 1.0E15\n",
            "x{query=\"q\"} 537935705.81\n"),
        text);
  }

  @Test
  void everyValueReadsBackAsTheSameDouble() {
    Random random = new Random(20261122);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 4) {
            case 0 -> random.nextLong() / Math.pow(10, random.nextInt(12));
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextInt(100_000) / 100.0 * (random.nextBoolean() ? 1 : -1);
            default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
          };
      if (Double.isNaN(values[i])) {
        values[i] = 1;
      }
    }
    String[] lines = render(values).split("\n");
    assertEquals(values.length, lines.length);
    for (int i = 0; i < values.length; i++) {
      assertFalse(lines[i].matches(".*\\.\\d*0$"), "a trailing zero: " + lines[i]);
      String printed = lines[i].substring(lines[i].indexOf(' ') + 1);
      double back = printed.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(printed);
      if (printed.equals("-Inf")) {
        back = Double.NEGATIVE_INFINITY;
      }
      assertEquals(values[i] == 0 ? 0 : values[i], back == 0 ? 0 : back, 0, printed);
    }
  }

  @Test
  void aLargeChunkIsOneDeflateStreamInPagesNoneOfThemLarge() throws IOException {
    Random random = new Random(7);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Chunk chunk;
    try (ChunkWriter w = ChunkWriter.open()) {
      for (int i = 0; i < 60_000; i++) {
        SeriesLabels labels =
            LabelSet.of("q", List.of("a", "b")).render(List.of("svc-" + i, "" + random.nextLong()));
        w.sample(NAME, labels, i);
        expected.writeBytes(("x" + labels + " " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      chunk = w.finish();
    }
    List<ByteBuffer> pages = chunk.deflatedPages();
    assertTrue(pages.size() > 4, "pages: " + pages.size());
    pages.forEach(p -> assertTrue(p.remaining() <= Chunk.PAGE));
    assertEquals(expected.size(), chunk.size(false));
    assertEquals(pages.stream().mapToLong(ByteBuffer::remaining).sum(), chunk.size(true));
    assertArrayEquals(expected.toByteArray(), GzipMember.inflate(chunk.gzip().readAllBytes()));
    try (InputStream in = chunk.plain()) {
      assertArrayEquals(expected.toByteArray(), in.readAllBytes());
    }
  }

  @Test
  void chunksFollowEachOtherInsideOneGzipMemberAndAPooledWriterStartsClean() throws IOException {
    Chunk first;
    try (ChunkWriter w = ChunkWriter.open()) {
      w.write("abandoned\n".getBytes(StandardCharsets.UTF_8));
    }
    try (ChunkWriter w = ChunkWriter.open()) {
      w.write("one\n".getBytes(StandardCharsets.UTF_8));
      first = w.finish();
    }
    Chunk empty = Chunk.of(new byte[0]);
    Chunk second = Chunk.of("two\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(Gzip.header());
    Gzip.Trailer trailer = new Gzip.Trailer();
    for (Chunk c : List.of(first, empty, second)) {
      body.writeBytes(c.deflated().readAllBytes());
      trailer.add(c);
    }
    body.writeBytes(trailer.bytes());
    assertEquals(
        "one\ntwo\n",
        new String(GzipMember.inflate(body.toByteArray()), StandardCharsets.UTF_8),
        "read as one member, as libcurl and Python's zlib read it");
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray()))) {
      assertEquals("one\ntwo\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyPlainReaderGetsAllOfTheTextAtOnce() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("x{query=\"q\",n=\"").append(i).append("\"} ").append(i * 7).append('\n');
    }
    byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
    Chunk chunk = Chunk.of(expected);
    try (InputStream in = chunk.plain()) {
      assertEquals(Chunk.PAGE + 1, in.readNBytes(Chunk.PAGE + 1).length, "a read cut short");
    }
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        reads.add(
            readers.submit(
                () -> {
                  try (InputStream in = chunk.plain()) {
                    return in.readAllBytes();
                  }
                }));
      }
      for (Future<byte[]> read : reads) {
        assertArrayEquals(expected, read.get());
      }
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void aWriterClosedTwiceIsPooledOnce() {
    ChunkWriter writer = ChunkWriter.open();
    writer.close();
    writer.close();
    ChunkWriter first = ChunkWriter.open();
    ChunkWriter second = ChunkWriter.open();
    try {
      assertNotSame(first, second, "two threads would share one Deflater");
    } finally {
      first.close();
      second.close();
    }
  }

  private static String render(double[] values) {
    try (ChunkWriter w = ChunkWriter.open()) {
      for (double v : values) {
        w.sample(NAME, LABELS, v);
      }
      return w.finish().text();
    }
  }
}
