package io.statsbridge.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream body that runs the poll's checkpoint before every read: a parser reads a few KiB at a
 * time, so the poll can step aside for a scrape while it parses.
 */
final class Checkpointed extends FilterInputStream {
  private final Runnable checkpoint;

  Checkpointed(InputStream in, Runnable checkpoint) {
    super(in);
    this.checkpoint = checkpoint;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkpoint.run();
    return super.read(b, off, len);
  }
}
