package io.statsbridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a {@link Body} without blocking: each write's completion starts the next, so a client that
 * reads slowly (or never) holds no thread, only one buffer and references to bytes that exist
 * anyway. Parts are copied into that buffer back to back, so a scrape is a few large writes, never
 * hundreds of small ones.
 */
final class BodyWriter extends IteratingCallback {
  /** The size of each write. */
  static final int WRITE = 64 * 1024;

  private final Response response;
  private final InputStream body;
  private final Callback done;
  private final WriteBuffers buffers;
  private final byte[] buffer;
  private boolean last;

  private BodyWriter(Response response, InputStream body, Callback done, WriteBuffers buffers) {
    this.response = response;
    this.body = body;
    this.done = done;
    this.buffers = buffers;
    this.buffer = buffers.take();
  }

  /**
   * @param buffers where the {@link #WRITE}-byte buffer comes from and goes back to
   */
  static void write(Response response, Body body, Callback done, WriteBuffers buffers) {
    new BodyWriter(response, body.open(), done, buffers).iterate();
  }

  @Override
  protected Action process() throws IOException {
    if (last) {
      return Action.SUCCEEDED;
    }
    // The previous write has completed (that is what called us back), so the buffer is free.
    int n = body.readNBytes(buffer, 0, buffer.length);
    last = n < buffer.length;
    response.write(last, ByteBuffer.wrap(buffer, 0, n), this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    IO.close(body);
    buffers.give(buffer);
    done.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    IO.close(body);
    buffers.give(buffer);
    done.failed(cause);
  }
}
