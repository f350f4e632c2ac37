package io.statsbridge.exposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes exposition text straight into a raw deflate stream ({@link Chunk}): lines are formatted
 * into a 64 KiB buffer, which the {@link Deflater} consumes whenever it fills, and the compressed
 * bytes land in pages of {@link Chunk#PAGE} bytes. Neither the whole text nor the whole compressed
 * form is ever one array, so no chunk, however large, is a humongous object for G1, and the text
 * exists only 64 KiB at a time.
 *
 * <p>Deflaters hold native memory and are costly to create, so writers are pooled: take one with
 * {@link #open()}, and {@link #close()} returns it. A writer is confined to one thread while open.
 */
public final class ChunkWriter implements AutoCloseable {
  /**
   * The deflate level: level 3 makes a smaller body than 1 and 2 for about the same CPU; level 4,
   * zlib's first "slow" level, costs more CPU for a larger body (the table in
   * docs/ARCHITECTURE.md).
   */
  static final int LEVEL = 3;

  /** Writers kept in the pool: two per core (a poll's render tasks and scrapes' self-metrics). */
  private static final int KEPT = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private static final Queue<ChunkWriter> POOL = new ConcurrentLinkedQueue<>();

  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private final byte[] text = new byte[Chunk.PAGE];
  private final List<byte[]> pages = new ArrayList<>();
  private int textLength;
  private long plainSize;
  private byte[] page = new byte[Chunk.PAGE];
  private int pageLength;

  /**
   * Whether the writer is back in the pool (or ended), so that closing twice cannot pool it twice.
   */
  private boolean closed;

  private ChunkWriter() {
    begin();
  }

  /** A writer from the pool, or a new one. */
  public static ChunkWriter open() {
    ChunkWriter writer = POOL.poll();
    if (writer == null) {
      writer = new ChunkWriter();
    }
    writer.closed = false;
    return writer;
  }

  /** Compresses {@code plain} into one chunk. */
  public static Chunk compress(byte[] plain) {
    return compress(plain, 0, plain.length);
  }

  /** Compresses {@code length} bytes of {@code plain} from {@code offset} into one chunk. */
  public static Chunk compress(byte[] plain, int offset, int length) {
    try (ChunkWriter writer = open()) {
      writer.write(plain, offset, length);
      return writer.finish();
    }
  }

  /** Writes one sample line: {@code name}, {@code labels}, a space, {@code value}, a newline. */
  public void sample(byte[] name, SeriesLabels labels, double value) {
    write(name);
    labels.writeTo(this);
    room(Numbers.MAX_LENGTH + 2);
    text[textLength++] = ' ';
    textLength = Numbers.write(value, text, textLength);
    text[textLength++] = '\n';
  }

  public void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  public void write(byte[] bytes, int offset, int length) {
    int from = offset;
    int end = offset + length;
    while (from < end) {
      if (textLength == text.length) {
        deflateText();
      }
      int n = Math.min(end - from, text.length - textLength);
      System.arraycopy(bytes, from, text, textLength, n);
      textLength += n;
      from += n;
    }
  }

  /**
   * The chunk of everything written since the last one; the writer then starts afresh. The stream
   * ends with a sync flush (an empty stored block), so it ends on a byte boundary, and without a
   * final block, so another chunk's stream may follow it.
   */
  public Chunk finish() {
    deflateText();
    boolean filled;
    do { // a flush that fills the page may have more to write (Deflater.deflate's contract)
      int room = page.length - pageLength;
      int n = deflater.deflate(page, pageLength, room, Deflater.SYNC_FLUSH);
      pageLength += n;
      filled = n == room;
      nextPageIfFull();
    } while (filled);
    if (pageLength > 0) {
      pages.add(Arrays.copyOf(page, pageLength));
    }
    Chunk chunk = new Chunk(pages, plainSize, crc.getValue());
    begin();
    return chunk;
  }

  /**
   * Returns the writer to the pool, discarding anything not finished; a second close does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    begin();
    if (POOL.size() < KEPT) {
      POOL.offer(this);
    } else {
      deflater.end();
    }
  }

  private void begin() {
    deflater.reset();
    crc.reset();
    pages.clear();
    textLength = 0;
    plainSize = 0;
    pageLength = 0; // the last page was copied out, or belongs to no chunk: its array is free
  }

  private void room(int bytes) {
    if (text.length - textLength < bytes) {
      deflateText();
    }
  }

  private void deflateText() {
    if (textLength == 0) {
      return;
    }
    crc.update(text, 0, textLength);
    plainSize += textLength;
    deflater.setInput(text, 0, textLength);
    while (!deflater.needsInput()) {
      pageLength += deflater.deflate(page, pageLength, page.length - pageLength);
      nextPageIfFull();
    }
    textLength = 0;
  }

  private void nextPageIfFull() {
    if (pageLength == page.length) {
      pages.add(page);
      page = new byte[Chunk.PAGE];
      pageLength = 0;
    }
  }
}
