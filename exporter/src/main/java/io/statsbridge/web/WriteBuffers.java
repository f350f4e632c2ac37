package io.statsbridge.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The buffers {@link BodyWriter} writes through, kept for the next response rather than made for
 * each: a 64 KiB buffer was a quarter of what a gzip scrape allocated. A buffer is taken for one
 * response and given back once its last write has completed or failed, when the server no longer
 * reads it. Buffers beyond {@code kept} (many slow clients at once) are left to the collector.
 */
final class WriteBuffers {
  private final int size;
  private final BlockingQueue<byte[]> free;

  WriteBuffers(int size, int kept) {
    this.size = size;
    this.free = new ArrayBlockingQueue<>(kept);
  }

  /** A buffer of {@code size} bytes, with whatever a previous response left in it. */
  byte[] take() {
    byte[] buffer = free.poll();
    return buffer == null ? new byte[size] : buffer;
  }

  void give(byte[] buffer) {
    free.offer(buffer);
  }
}
