package io.statsbridge.exposition;

/**
 * One gzip member (RFC 1952) around the deflate streams of any number of chunks. Each chunk ends on
 * a byte boundary with a sync flush and no final block, so chunks compressed at different times
 * follow each other in one deflate stream; a scrape sends {@link #HEADER}, the chunks' bytes, and
 * {@link Trailer#bytes()}: an empty final block, then the CRC-32 and length of the whole text,
 * combined from the chunks' own without reading the text again.
 *
 * <p>One member, not one per chunk: RFC 1952 allows members to follow each other, and Go's reader
 * (Prometheus) and {@code gunzip} read them all, but libcurl, Chromium and Python's {@code zlib}
 * used the usual way stop after the first, and would show a person two lines of /metrics.
 */
public final class Gzip {
  /** Member header: deflate, no flags, no time, no extra flags, OS unknown. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /**
   * An empty final block with fixed Huffman codes (BFINAL 1, BTYPE 01, end-of-block), as zlib's
   * {@code Z_FINISH} writes it after a sync flush.
   */
  private static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private Gzip() {}

  /** The member header, to send before the first chunk. */
  public static byte[] header() {
    return HEADER.clone();
  }

  /** The size of a member's header and trailer together. */
  public static int framing() {
    return HEADER.length + FINAL_BLOCK.length + 8;
  }

  /** The CRC-32 and length of the text of the chunks added so far; not thread-safe. */
  public static final class Trailer {
    private long crc;
    private long length;

    /** Counts {@code chunk}'s text as following everything added before it. */
    public Trailer add(Chunk chunk) {
      crc = Crc32Combine.combine(crc, chunk.crc(), chunk.size(false));
      length += chunk.size(false);
      return this;
    }

    /** The final block, the CRC-32 and the length modulo 2^32 (ISIZE), little-endian. */
    public byte[] bytes() {
      byte[] out = new byte[FINAL_BLOCK.length + 8];
      System.arraycopy(FINAL_BLOCK, 0, out, 0, FINAL_BLOCK.length);
      for (int i = 0; i < 4; i++) {
        out[FINAL_BLOCK.length + i] = (byte) (crc >>> (8 * i));
        out[FINAL_BLOCK.length + 4 + i] = (byte) (length >>> (8 * i));
      }
      return out;
    }
  }

  /** The final block alone: what ends a chunk's deflate stream when it is inflated on its own. */
  static byte[] finalBlock() {
    return FINAL_BLOCK.clone();
  }
}
