package io.statsbridge.exposition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The label names of one table of series, decided once: the {@code query} label first, then the
 * query's static labels ({@code labels:}, by name), then the upstream's keys as Prometheus label
 * names ({@link LabelNames}: sanitized, reserved names prefixed, collisions numbered). This is the
 * one place those rules apply; sources hand over the upstream's own keys.
 */
public final class LabelSet {
  /** The label every data series carries: the name of the query that fetched it. */
  public static final String QUERY = "query";

  private final List<String> names;

  /**
   * {@code {query="…"}, the static labels and, per name, {@code ,name="}: the bytes every row
   * shares.
   */
  private final byte[] head;

  private final byte[][] prefixes;

  private LabelSet(String query, Map<String, String> fixed, List<String> names) {
    this.names = names;
    StringBuilder head = new StringBuilder("{" + QUERY + "=");
    Exposition.appendLabelValue(head, query);
    new TreeMap<>(fixed)
        .forEach(
            (name, value) -> {
              head.append(',').append(name).append('=');
              Exposition.appendLabelValue(head, value);
            });
    this.head = head.toString().getBytes(StandardCharsets.UTF_8);
    this.prefixes = new byte[names.size()][];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = (',' + names.get(i) + "=\"").getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * @param upstreamKeys the upstream's names for the values of each row (group-by keys, dimension
   *     keys, …), in row order
   */
  public static LabelSet of(String query, List<String> upstreamKeys) {
    return of(query, Map.of(), upstreamKeys);
  }

  /**
   * @param fixed the query's static labels, valid names none of which {@link #clash}es with the
   *     rows' names
   * @throws IllegalArgumentException when one does: the poll refuses such a table first
   */
  public static LabelSet of(String query, Map<String, String> fixed, List<String> upstreamKeys) {
    clash(fixed.keySet(), upstreamKeys)
        .ifPresent(
            c -> {
              throw new IllegalArgumentException("static label " + c.name() + " clashes: " + c);
            });
    return new LabelSet(query, fixed, names(upstreamKeys));
  }

  /** The label names rows with {@code upstreamKeys} get, in their order. */
  public static List<String> names(List<String> upstreamKeys) {
    return LabelNames.sanitizeAll(upstreamKeys, Set.of(QUERY));
  }

  /** A static label whose name the rows' label names take too (from {@code upstreamKey}). */
  public record Clash(String name, String upstreamKey) {}

  /**
   * The first of {@code fixed} that rows with {@code upstreamKeys} would carry as well: such a
   * series would have one name twice. Static labels do not rename the rows' labels (adding one must
   * not change the other labels of a query), so the clash is refused, not numbered away.
   */
  public static Optional<Clash> clash(Set<String> fixed, List<String> upstreamKeys) {
    List<String> names = names(upstreamKeys);
    for (int i = 0; i < names.size(); i++) {
      if (fixed.contains(names.get(i))) {
        return Optional.of(new Clash(names.get(i), upstreamKeys.get(i)));
      }
    }
    return Optional.empty();
  }

  public List<String> names() {
    return names;
  }

  /**
   * {@code {query="…",name="value",…}} for one row's values: measured, then written into an array
   * of exactly that size; ASCII values (nearly all) are escaped straight into it.
   */
  public SeriesLabels render(List<String> values) {
    byte[][] other = null; // escaped UTF-8 of the values that are not ASCII, rare
    int size = head.length + 1;
    for (int i = 0; i < prefixes.length; i++) {
      int value = asciiSize(values.get(i));
      if (value < 0) {
        other = other != null ? other : new byte[prefixes.length][];
        other[i] = escapedText(values.get(i));
        value = other[i].length;
      }
      size += prefixes[i].length + value + 1;
    }
    byte[] out = new byte[size];
    System.arraycopy(head, 0, out, 0, head.length);
    int at = head.length;
    for (int i = 0; i < prefixes.length; i++) {
      System.arraycopy(prefixes[i], 0, out, at, prefixes[i].length);
      at += prefixes[i].length;
      if (other != null && other[i] != null) {
        System.arraycopy(other[i], 0, out, at, other[i].length);
        at += other[i].length;
      } else {
        at = putAscii(out, at, values.get(i));
      }
      out[at++] = '"';
    }
    out[at] = '}';
    return new SeriesLabels(out);
  }

  /** The escaped size of an ASCII value; -1 if it is not ASCII. */
  private static int asciiSize(String value) {
    int size = value.length();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      if (c == '\\' || c == '"' || c == '\n') {
        size++;
      }
    }
    return size;
  }

  private static int putAscii(byte[] out, int at, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> {
          out[at++] = '\\';
          out[at++] = '\\';
        }
        case '"' -> {
          out[at++] = '\\';
          out[at++] = '"';
        }
        case '\n' -> {
          out[at++] = '\\';
          out[at++] = 'n';
        }
        default -> out[at++] = (byte) c;
      }
    }
    return at;
  }

  /** Any value, escaped as {@link Exposition#appendLabelValue} does, in UTF-8, without quotes. */
  private static byte[] escapedText(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 8);
    Exposition.appendLabelValue(quoted, value);
    return quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8);
  }
}
