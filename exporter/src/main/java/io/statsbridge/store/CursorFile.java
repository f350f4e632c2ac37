package io.statsbridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statsbridge.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --storage.path}: every query's cursor in one small JSON file, replaced atomically (temp
 * file, fsync, rename, fsync of the folder), so a crash at any moment leaves the old file or the
 * new one, never half of one.
 */
public final class CursorFile {
  private static final Log LOG = Log.of(CursorFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "cursors.json";
  private static final int FORMAT = 1;

  private final Path dir;

  public CursorFile(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir.resolve(NAME);
  }

  /**
   * Creates the folder if needed and checks that it takes files.
   *
   * @throws IOException with a message for the user when it cannot be used
   */
  public void prepare() throws IOException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
    } catch (AccessDeniedException e) {
      throw new IOException("--storage.path " + dir + " is not writable (permission denied)");
    } catch (IOException e) {
      throw new IOException("--storage.path " + dir + " cannot be used: " + e.getMessage());
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
      text = Files.readString(file, StandardCharsets.UTF_8);
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
