package io.statsbridge.exposition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Exposition text rendered once, when a poll finished, and kept only as one gzip member in pages of
 * at most {@link #PAGE} bytes ({@link ChunkWriter}). A gzip scrape concatenates pages as they are:
 * gzip members may follow each other in one stream (RFC 1952 §2.2), and every gzip reader
 * Prometheus uses accepts that. The rare scrape without gzip inflates the text as it is sent.
 */
public final class Chunk {
  /** The largest page: far below G1's humongous threshold (half a region, 512 KiB at least). */
  public static final int PAGE = 64 * 1024;

  private final List<byte[]> pages;
  private final long plainSize;
  private final long gzipSize;

  Chunk(List<byte[]> pages, long plainSize) {
    this.pages = List.copyOf(pages);
    this.plainSize = plainSize;
    this.gzipSize = this.pages.stream().mapToLong(p -> p.length).sum();
  }

  public static Chunk of(byte[] plain) {
    return ChunkWriter.compress(plain);
  }

  public long size(boolean gzipped) {
    return gzipped ? gzipSize : plainSize;
  }

  /** The gzip member's pages, read-only. */
  public List<ByteBuffer> gzipPages() {
    return pages.stream().map(p -> ByteBuffer.wrap(p).asReadOnlyBuffer()).toList();
  }

  /** The gzip member as a stream. */
  public InputStream gzip() {
    return new SequenceInputStream(
        Collections.enumeration(pages.stream().map(ByteArrayInputStream::new).toList()));
  }

  /** The text, inflated as it is read. */
  public InputStream plain() {
    try {
      return new GZIPInputStream(gzip(), PAGE);
    } catch (IOException e) {
      throw new UncheckedIOException("a chunk we compressed does not inflate", e);
    }
  }

  /** The whole text: for tests and small chunks. */
  public String text() {
    try (InputStream in = plain()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a chunk we compressed does not inflate", e);
    }
  }
}
