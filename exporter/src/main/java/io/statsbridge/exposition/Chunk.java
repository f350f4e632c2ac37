package io.statsbridge.exposition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Exposition bytes rendered once, when a poll finishes, in plain and gzip form. A scrape only
 * concatenates chunks: gzip members may follow each other in one stream (RFC 1952 §2.2), and every
 * gzip reader Prometheus uses accepts that.
 */
public final class Chunk {
  private final byte[] plain;
  private final byte[] gzip;

  private Chunk(byte[] plain, byte[] gzip) {
    this.plain = plain;
    this.gzip = gzip;
  }

  public static Chunk of(byte[] plain) {
    return new Chunk(plain, gzip(plain));
  }

  public byte[] bytes(boolean gzipped) {
    return gzipped ? gzip : plain;
  }

  public int size(boolean gzipped) {
    return gzipped ? gzip.length : plain.length;
  }

  public static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 8));
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
