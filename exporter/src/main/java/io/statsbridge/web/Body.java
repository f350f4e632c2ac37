package io.statsbridge.web;

import io.statsbridge.exposition.Chunk;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
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

  /** The bytes, in order; each part is opened only when reached. */
  InputStream open() {
    Iterator<Supplier<InputStream>> next = parts.iterator();
    return new SequenceInputStream(
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return next.hasNext();
          }

          @Override
          public InputStream nextElement() {
            return next.next().get();
          }
        });
  }

  /** Collects parts for a body with or without gzip. */
  static final class Builder {
    private final boolean gzip;
    private final List<Supplier<InputStream>> parts = new ArrayList<>();
    private long length;

    Builder(boolean gzip) {
      this.gzip = gzip;
    }

    /** Bytes sent as they are, already in the body's encoding. */
    Builder bytes(byte[] bytes) {
      parts.add(() -> new ByteArrayInputStream(bytes));
      length += bytes.length;
      return this;
    }

    /** A chunk, as its gzip member or as the text it holds. */
    Builder chunk(Chunk chunk) {
      parts.add(gzip ? chunk::gzip : chunk::plain);
      length += chunk.size(gzip);
      return this;
    }

    Body build() {
      return new Body(parts, length);
    }
  }
}
