package io.statsbridge.exposition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
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
 * <p>The rare scrape without gzip (a person with {@code curl}) gets the text inflated as it is
 * sent, one page at a time. The pages of a whole read are then kept, softly, for the next plain
 * scrapes until a poll replaces the chunk: a plain scraper pays the inflation about once per poll,
 * and the kept text never costs an out-of-memory error, since the JVM clears soft references before
 * it throws one (a 40 MiB heap serves a 38 MiB plain body; a test holds it there).
 */
public final class Chunk {
  /** The largest page: far below G1's humongous threshold (half a region, 512 KiB at least). */
  public static final int PAGE = 64 * 1024;

  private final List<byte[]> pages;
  private final long plainSize;
  private final long gzipSize;

  /** The text in pages, once a whole plain read has inflated it and while memory allows. */
  private volatile SoftReference<List<byte[]>> kept = new SoftReference<>(null);

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

  /** The text: the kept pages, or inflated as it is read (and kept once read whole). */
  public InputStream plain() {
    List<byte[]> text = kept.get();
    return text != null ? stream(text) : new Inflating();
  }

  /** Whether the text of a whole plain read is kept. */
  boolean plainKept() {
    return kept.get() != null;
  }

  /**
   * Inflates a page at a time, collecting the pages in a list only softly held, so that memory
   * pressure drops the collection rather than the process; a read to the end keeps them.
   */
  private final class Inflating extends InputStream {
    private final InputStream inflater;
    private SoftReference<List<byte[]>> collected = new SoftReference<>(new ArrayList<>());
    private byte[] page = new byte[0];
    private int at;

    Inflating() {
      try {
        inflater = new GZIPInputStream(stream(pages), PAGE);
      } catch (IOException e) {
        throw new UncheckedIOException("a chunk we compressed does not inflate", e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (at == page.length && !nextPage()) {
        return -1;
      }
      int n = Math.min(len, page.length - at);
      System.arraycopy(page, at, b, off, n);
      at += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      if (at == page.length && !nextPage()) {
        return -1;
      }
      return page[at++] & 0xff;
    }

    private boolean nextPage() throws IOException {
      byte[] next = inflater.readNBytes(PAGE);
      List<byte[]> collecting = collected.get();
      if (next.length == 0) {
        if (collecting != null) {
          kept = new SoftReference<>(List.copyOf(collecting));
        }
        collected.clear();
        return false;
      }
      if (collecting != null) {
        collecting.add(next);
      }
      page = next;
      at = 0;
      return true;
    }

    @Override
    public void close() throws IOException {
      inflater.close();
    }
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
