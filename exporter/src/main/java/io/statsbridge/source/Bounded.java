package io.statsbridge.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An upstream body that fails once it passes its cap, so a hostile answer cannot fill the heap. */
final class Bounded extends FilterInputStream {
  /** The body went past the cap. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("response body too large");
    }
  }

  private final long cap;
  private long read;

  Bounded(InputStream in, long cap) {
    super(in);
    this.cap = cap;
  }

  private int count(int n) throws TooLarge {
    if (n > 0) {
      read += n;
      if (read > cap) {
        throw new TooLarge();
      }
    }
    return n;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return count(super.read(b, off, len));
  }

  @Override
  public long skip(long n) throws IOException {
    return count((int) Math.min(Integer.MAX_VALUE, super.skip(n)));
  }
}
