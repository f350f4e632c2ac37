package io.statsbridge.web;

import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.Gzip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A response body made of parts that exist before the request: bytes in wire form (family headers,
 * the self-metrics) and compressed chunks of data samples. Its length is known up front; its bytes
 * are produced as they are sent, one part at a time.
 */
final class Body {
  private final List<Supplier<InputStream>> parts;
  private final long length;

  private Body(List<Supplier<InputStream>> parts, long length) {
    this.parts = List.copyOf(parts);
    this.length = length;
  }

  static Body of(byte[] bytes) {
    return new Builder(false).bytes(bytes).build();
  }

  long length() {
    return length;
  }

  /** The bytes, in order; a part is opened when reached, and closing closes the open one only. */
  InputStream open() {
    return new Parts(parts.iterator());
  }

  /**
   * The parts one after another. Unlike {@link java.io.SequenceInputStream}, whose {@code close()}
   * opens every part not reached yet to close it, a client gone mid-body costs nothing more.
   */
  private static final class Parts extends InputStream {
    private final Iterator<Supplier<InputStream>> next;
    private InputStream current = InputStream.nullInputStream();

    Parts(Iterator<Supplier<InputStream>> next) {
      this.next = next;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      for (int n = current.read(b, off, len); ; n = current.read(b, off, len)) {
        if (n >= 0) {
          return n;
        }
        if (!advance()) {
          return -1;
        }
      }
    }

    @Override
    public int read() throws IOException {
      for (int c = current.read(); ; c = current.read()) {
        if (c >= 0) {
          return c;
        }
        if (!advance()) {
          return -1;
        }
      }
    }

    /** Closes the part read to its end and opens the next; false when none is left. */
    private boolean advance() throws IOException {
      current.close();
      if (!next.hasNext()) {
        current = InputStream.nullInputStream();
        return false;
      }
      current = next.next().get();
      return true;
    }

    @Override
    public void close() throws IOException {
      current.close();
    }
  }

  /**
   * Collects parts for a body with or without gzip. With gzip, the body is one gzip member: its
   * header first, every chunk's deflate stream, and a trailer combined from the chunks'.
   */
  static final class Builder {
    private final boolean gzip;
    private final List<Supplier<InputStream>> parts = new ArrayList<>();
    private final Gzip.Trailer trailer = new Gzip.Trailer();
    private long length;

    Builder(boolean gzip) {
      this.gzip = gzip;
      if (gzip) {
        byte[] header = Gzip.header();
        part(() -> new ByteArrayInputStream(header), header.length);
      }
    }

    /** Text sent as it is; only a body without gzip has any. */
    Builder bytes(byte[] bytes) {
      if (gzip) {
        throw new IllegalStateException("a gzip body takes chunks, not text");
      }
      return part(() -> new ByteArrayInputStream(bytes), bytes.length);
    }

    /** A chunk, as its deflate stream or as the text it holds. */
    Builder chunk(Chunk chunk) {
      if (gzip) {
        trailer.add(chunk);
        return part(chunk::deflated, chunk.size(true));
      }
      return part(chunk::plain, chunk.size(false));
    }

    /** A part of {@code length} bytes in the body's encoding, opened when the body reaches it. */
    Builder part(Supplier<InputStream> open, long length) {
      parts.add(open);
      this.length += length;
      return this;
    }

    Body build() {
      if (gzip) {
        byte[] end = trailer.bytes();
        parts.add(() -> new ByteArrayInputStream(end));
        return new Body(parts, length + end.length);
      }
      return new Body(parts, length);
    }
  }
}
