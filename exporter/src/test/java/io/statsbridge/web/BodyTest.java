package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.exposition.Chunk;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BodyTest {
  private static final byte[] TEXT = "a 1\nb 2\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void partsFollowEachOtherAndTheLengthIsKnownBeforehand() throws Exception {
    Body body =
        new Body.Builder(false)
            .bytes("# head\n".getBytes(StandardCharsets.UTF_8))
            .chunk(Chunk.of(TEXT))
            .bytes(new byte[0])
            .chunk(Chunk.of(TEXT))
            .build();
    byte[] expected = ("# head\n" + "a 1\nb 2\n".repeat(2)).getBytes(StandardCharsets.UTF_8);
    assertEquals(expected.length, body.length());
    try (InputStream in = body.open()) {
      assertArrayEquals(expected, in.readAllBytes());
      assertEquals(-1, in.read());
    }
  }

  @Test
  void aClientGoneMidBodyOpensNoPartItDidNotReach() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    Body.Builder builder = new Body.Builder(false);
    for (int i = 0; i < 5; i++) {
      builder.part(
          () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(TEXT);
          },
          TEXT.length);
    }
    try (InputStream in = builder.build().open()) {
      assertEquals('a', in.read());
    }
    assertEquals(1, opened.get(), "parts opened");
  }
}
