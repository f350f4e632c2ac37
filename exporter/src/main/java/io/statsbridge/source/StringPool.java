package io.statsbridge.source;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Each distinct text of one response once, read straight from the JSON parser's buffer. Rows repeat
 * the same few services, hosts and zones, so a text already seen allocates nothing, and the rows
 * that keep it share one string: a 7,500-row poll of six group-bys reads 45,000 values but keeps a
 * few hundred strings. One pool serves one response on one thread.
 *
 * <p>Texts are kept in an open-addressed table probed a few slots at most; a text whose slots are
 * all taken (upstream values with colliding hashes are easy to make) goes to a map, which orders
 * strings as a tree, so such a response costs a little more, never quadratic time: a string for
 * each lookup of a text the map holds, which only a response with tens of thousands of distinct
 * texts or crowded hashes has.
 */
public final class StringPool {
  private static final int PROBES = 8;

  /**
   * 256 KiB of references at most: a larger array would be a humongous object in a small G1 heap. A
   * response with more distinct texts than half of this puts the rest in the map.
   */
  private static final int MAX_SLOTS = 1 << 16;

  private String[] table = new String[256];
  private int size;
  private final Map<String, String> crowded = new HashMap<>();
  private char[] scratch = new char[64];

  /** The current scalar token's text (string, number or boolean) as it reads in the body. */
  public String text(JsonParser p) throws IOException {
    return of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  /** {@code text}'s pooled string. */
  public String of(CharSequence text) {
    int length = text.length();
    if (scratch.length < length) {
      scratch = new char[Math.max(length, scratch.length * 2)];
    }
    for (int i = 0; i < length; i++) {
      scratch[i] = text.charAt(i);
    }
    return of(scratch, 0, length);
  }

  /** The pooled string of {@code chars[from, from + length)}. */
  public String of(char[] chars, int from, int length) {
    int hash = 0;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + chars[i];
    }
    int mask = table.length - 1;
    int start = spread(hash) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      int slot = (start + probe) & mask;
      String known = table[slot];
      if (known == null) {
        String text = new String(chars, from, length);
        // after a grow, a text the map took may have free slots again
        String inMap = crowded.isEmpty() ? null : crowded.get(text);
        return inMap != null ? inMap : add(slot, text);
      }
      if (known.hashCode() == hash && equal(known, chars, from, length)) {
        return known;
      }
    }
    String text = new String(chars, from, length);
    String known = crowded.putIfAbsent(text, text);
    return known != null ? known : text;
  }

  /** How many distinct texts the pool holds. */
  public int size() {
    return size + crowded.size();
  }

  private String add(int slot, String text) {
    table[slot] = text;
    if (++size * 2 > table.length && table.length < MAX_SLOTS) {
      grow();
    }
    return text;
  }

  /** Twice the table, the same texts; one that finds no slot now goes to the map. */
  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    size = 0;
    int mask = table.length - 1;
    for (String text : old) {
      if (text == null) {
        continue;
      }
      int start = spread(text.hashCode()) & mask;
      int probe = 0;
      while (probe < PROBES && table[(start + probe) & mask] != null) {
        probe++;
      }
      if (probe < PROBES) {
        table[(start + probe) & mask] = text;
        size++;
      } else {
        crowded.put(text, text);
      }
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private static boolean equal(String known, char[] chars, int from, int length) {
    if (known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != chars[from + i]) {
        return false;
      }
    }
    return true;
  }
}
