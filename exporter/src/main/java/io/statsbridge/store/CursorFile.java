package io.statsbridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statsbridge.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code --storage.path}: every query's cursor in one small JSON file, replaced atomically (temp
 * file, fsync, rename, fsync of the folder), so a crash at any moment leaves the old file or the
 * new one, never half of one. The folder is locked while the process runs ({@link StorageLock}).
 */
public final class CursorFile implements AutoCloseable {
  private static final Log LOG = Log.of(CursorFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "cursors.json";
  private static final int FORMAT = 1;

  /** The largest cursor file read: thousands of queries' cursors take a fraction of it. */
  static final int MAX_BYTES = 4 << 20;

  private final Path dir;
  private StorageLock lock;

  public CursorFile(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir.resolve(NAME);
  }

  /**
   * Creates the folder if needed, checks that it takes files, and locks it for this process.
   *
   * @throws IOException with a message for the user when it cannot be used
   */
  public void prepare(Instant now) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(NOT_A_FOLDER.formatted(dir));
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
    } catch (AccessDeniedException e) {
      throw new IOException(NOT_WRITABLE.formatted(dir));
    } catch (IOException e) {
      throw new IOException("--storage.path " + dir + " cannot be used: " + e.getMessage());
    }
    lock = StorageLock.acquire(dir, now);
  }

  private static final String NOT_A_FOLDER = "--storage.path %s is not a folder";
  private static final String NOT_WRITABLE =
      "--storage.path %s is not writable (permission denied)";

  /**
   * What {@link #prepare} would find wrong with {@code dir}, found without creating, writing or
   * locking anything ({@code --check-config}): a folder that exists must be one and writable; one
   * that does not, its nearest existing parent must. Empty when it looks usable. (Whether another
   * process holds it is known only by taking the lock.)
   */
  public static Optional<String> check(Path dir) {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        return Optional.of(NOT_A_FOLDER.formatted(dir));
      }
      return Files.isWritable(dir) ? Optional.empty() : Optional.of(NOT_WRITABLE.formatted(dir));
    }
    Path parent = dir.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null) {
      return Optional.empty();
    }
    String cannot = "--storage.path " + dir + " cannot be created: " + parent;
    if (!Files.isDirectory(parent)) {
      return Optional.of(cannot + " is not a folder");
    }
    return Files.isWritable(parent)
        ? Optional.empty()
        : Optional.of(cannot + " is not writable (permission denied)");
  }

  @Override
  public void close() {
    if (lock != null) {
      lock.close();
    }
  }

  /**
   * The saved cursors; empty, with one log line, when the file is missing, unreadable or corrupt: a
   * fresh start, never a failure.
   */
  public Map<String, Cursor> load() {
    Path file = path();
    String text;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile() || attributes.size() > MAX_BYTES) {
        // A FIFO would block the start, a device such as /dev/zero never end.
        LOG.warn(
            "saved window cursors are not a regular file of at most "
                + MAX_BYTES
                + " bytes; every query starts fresh",
            "file",
            file);
        return Map.of();
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        LOG.warn(
            "saved window cursors grew past the bound; every query starts fresh", "file", file);
        return Map.of();
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      LOG.info("no saved window cursors; every query starts fresh", "file", file);
      return Map.of();
    } catch (IOException e) {
      LOG.warn(
          "cannot read saved window cursors; every query starts fresh",
          "file",
          file,
          "err",
          e.getClass().getSimpleName());
      return Map.of();
    }
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.path("format").asInt() != FORMAT) {
        throw new IllegalArgumentException("not a format " + FORMAT + " cursor file");
      }
      Map<String, Cursor> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("cursors").properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String fingerprint = e.getValue().path("fingerprint").asText("");
        String end = e.getValue().path("window_end").asText("");
        if (fingerprint.isEmpty() || end.isEmpty()) {
          throw new IllegalArgumentException("query " + e.getKey() + " has no cursor");
        }
        out.put(e.getKey(), new Cursor(fingerprint, Instant.parse(end)));
      }
      return Map.copyOf(out);
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof DateTimeParseException ? "a window end is not a time" : e.getMessage();
      LOG.warn(
          "saved window cursors are corrupt; every query starts fresh", "file", file, "err", why);
      return Map.of();
    }
  }

  /** Replaces the file with {@code cursors}, atomically and durably. */
  public void write(Map<String, Cursor> cursors) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode all = root.putObject("cursors");
    new TreeMap<>(cursors)
        .forEach(
            (query, c) ->
                all.putObject(query)
                    .put("fingerprint", c.fingerprint())
                    .put("window_end", c.windowEnd().toString()));
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    Path tmp = dir.resolve(NAME + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    Files.move(tmp, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a folder; the rename is still atomic.
    }
  }
}
