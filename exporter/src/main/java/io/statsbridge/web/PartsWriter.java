package io.statsbridge.web;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a body made of pre-rendered parts without blocking: each write's completion starts the
 * next, so a client that reads slowly (or never) holds no thread, only a reference to bytes that
 * exist anyway. Small parts (family headers, the self-metrics) are gathered into one buffer so a
 * scrape is a few large writes, not hundreds of small ones.
 */
final class PartsWriter extends IteratingCallback {
  /** Parts below this size are copied together; larger ones are written as they are. */
  static final int GATHER = 16 * 1024;

  private final Response response;
  private final List<ByteBuffer> buffers;
  private final Callback done;
  private int next;

  private PartsWriter(Response response, List<ByteBuffer> buffers, Callback done) {
    this.response = response;
    this.buffers = buffers;
    this.done = done;
  }

  static void write(Response response, List<byte[]> parts, Callback done) {
    List<ByteBuffer> buffers = gather(parts);
    if (buffers.isEmpty()) {
      response.write(true, ByteBuffer.allocate(0), done);
    } else {
      new PartsWriter(response, buffers, done).iterate();
    }
  }

  static List<ByteBuffer> gather(List<byte[]> parts) {
    List<ByteBuffer> out = new ArrayList<>();
    List<byte[]> run = new ArrayList<>();
    int runBytes = 0;
    for (byte[] part : parts) {
      if (part.length >= GATHER) {
        flush(run, runBytes, out);
        run.clear();
        runBytes = 0;
        out.add(ByteBuffer.wrap(part));
      } else {
        run.add(part);
        runBytes += part.length;
        if (runBytes >= GATHER) {
          flush(run, runBytes, out);
          run.clear();
          runBytes = 0;
        }
      }
    }
    flush(run, runBytes, out);
    return out;
  }

  private static void flush(List<byte[]> run, int bytes, List<ByteBuffer> out) {
    if (run.isEmpty()) {
      return;
    }
    if (run.size() == 1) {
      out.add(ByteBuffer.wrap(run.get(0)));
      return;
    }
    ByteBuffer joined = ByteBuffer.allocate(bytes);
    run.forEach(joined::put);
    out.add(joined.flip());
  }

  @Override
  protected Action process() {
    if (next == buffers.size()) {
      return Action.SUCCEEDED;
    }
    ByteBuffer buffer = buffers.get(next++);
    response.write(next == buffers.size(), buffer, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    done.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    done.failed(cause);
  }
}
