package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What a query fetches, as a short stable hash of its config: the source's name, type and
 * granularity, and the query's own keys (defaults merged in, {@code labels:} too: other labels are
 * other series), with the timing keys left out. It is computed from the config text's values, not
 * from Java objects, so an upgrade of statsbridge does not change it; a changed interval or timeout
 * does not either, as windows stay contiguous across such a change.
 */
final class Fingerprint {
  /** Keys that change when and how a query polls, not what it fetches. */
  static final Set<String> TIMING =
      Set.of(
          "name", "interval", "delay", "timeout", "max_window", "series_ttl", "new_series_delay");

  /**
   * Of the SHA-256: 96 bits, 24 hex digits, short enough to read in a log and a cursor file, and
   * more than enough that no two queries' fingerprints are ever equal by chance.
   */
  private static final int BYTES = 12;

  private Fingerprint() {}

  static String of(ObjectNode query, SourceConfig source) {
    StringBuilder canonical = new StringBuilder();
    canonical
        .append(source.name())
        .append('\u0000')
        .append(source.type())
        .append('\u0000')
        .append(source.granularity().toMillis())
        .append('\u0000');
    ObjectNode what = query.deepCopy();
    what.remove(TIMING);
    write(what, canonical);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JSON with object keys sorted, so that key order in the file does not matter. */
  private static void write(JsonNode node, StringBuilder out) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.append('{');
      for (String name : names) {
        out.append(quote(name)).append(':');
        write(object.get(name), out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      node.forEach(
          item -> {
            write(item, out);
            out.append(',');
          });
      out.append(']');
    } else {
      out.append(node.isTextual() ? quote(node.asText()) : node.toString());
    }
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
