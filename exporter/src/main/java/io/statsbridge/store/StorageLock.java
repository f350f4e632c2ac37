package io.statsbridge.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock on a {@code --storage.path} folder, held while the process runs: two processes on one
 * folder (two shards, say) would each write only their own queries' cursors, and erase the other's.
 * The second one refuses to start, naming the folder and the holder, which the lock file says.
 */
final class StorageLock implements AutoCloseable {
  static final String NAME = "statsbridge.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StorageLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws IOException naming the folder and the process holding it, when another holds it
   */
  static StorageLock acquire(Path dir, Instant now) throws IOException {
    Path file = dir.resolve(NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this very process holds it already
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "--storage.path "
              + dir
              + " is in use by another statsbridge ("
              + holder(file)
              + "); give each process a folder of its own");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(self(now).getBytes(StandardCharsets.UTF_8)));
    channel.force(true);
    return new StorageLock(channel, lock);
  }

  private static String self(Instant now) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + now + "\n";
  }

  private static String holder(Path file) {
    try {
      String text = new String(readAtMost(file, 256), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "holder unknown" : text;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static byte[] readAtMost(Path file, int bytes) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(bytes);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process is stopping; the lock goes with it
    }
  }
}
