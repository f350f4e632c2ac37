package io.statsbridge.exposition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Exposition text rendered once, when a poll finished, and kept only as one gzip member in pages of
 * at most {@link #PAGE} bytes ({@link ChunkWriter}). A gzip scrape concatenates pages as they are:
 * gzip members may follow each other in one stream (RFC 1952 §2.2), and every gzip reader
 * Prometheus uses accepts that.
 *
 * <p>The rare scrape without gzip (a person with {@code curl}) gets the text inflated on its first
 * plain read and kept, in pages, for the next plain scrapes until a poll replaces the chunk: memory
 * pays for the text only while someone reads it, and a plain scraper pays the inflation once per
 * poll rather than on every scrape.
 */
public final class Chunk {
  /** The largest page: far below G1's humongous threshold (half a region, 512 KiB at least). */
  public static final int PAGE = 64 * 1024;

  private final List<byte[]> pages;
  private final long plainSize;
  private final long gzipSize;

  /** The text in pages, once a plain read has inflated it. */
  private volatile List<byte[]> plainPages;

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
    return stream(pages);
  }

  /** The text: inflated by the first plain read, then kept while this chunk is served. */
  public InputStream plain() {
    List<byte[]> text = plainPages;
    return stream(text != null ? text : inflateOnce());
  }

  /** Whether a plain read has inflated the text and it is kept. */
  boolean plainKept() {
    return plainPages != null;
  }

  private synchronized List<byte[]> inflateOnce() {
    if (plainPages == null) {
      List<byte[]> text = new ArrayList<>();
      try (InputStream in = new GZIPInputStream(stream(pages), PAGE)) {
        for (byte[] page = in.readNBytes(PAGE); page.length > 0; page = in.readNBytes(PAGE)) {
          text.add(page);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("a chunk we compressed does not inflate", e);
      }
      plainPages = List.copyOf(text);
    }
    return plainPages;
  }

  private static InputStream stream(List<byte[]> pages) {
    return new SequenceInputStream(
        Collections.enumeration(pages.stream().map(ByteArrayInputStream::new).toList()));
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
