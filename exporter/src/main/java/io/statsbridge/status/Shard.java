package io.statsbridge.status;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Which queries this replica polls, from {@code --shard=INDEX/COUNT}: a query belongs to shard
 * {@code CRC-32(UTF-8 name) mod COUNT}. CRC-32 is fixed by its standard, so the assignment is the
 * same on every replica, JVM and restart, and every query is polled by exactly one replica.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(0, 1);
  private static final Pattern FLAG = Pattern.compile("(\\d+|auto)/(\\d+)");
  private static final Pattern POD = Pattern.compile(".*-(\\d+)");

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "--shard index must be from 0 to count-1 (got " + index + "/" + count + ")");
    }
  }

  public static int of(String queryName, int count) {
    CRC32 crc = new CRC32();
    crc.update(queryName.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }

  public boolean owns(String queryName) {
    return of(queryName, count) == index;
  }

  /**
   * Parses {@code INDEX/COUNT} or {@code auto/COUNT}; with {@code auto} the index is the number
   * that ends the StatefulSet pod name ({@code statsbridge-2} → 2) given as {@code hostname}.
   */
  public static Shard parse(String flag, String hostname) {
    Matcher m = FLAG.matcher(flag);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--shard must be INDEX/COUNT or auto/COUNT, e.g. 0/3 (got \"" + flag + "\")");
    }
    int count = Integer.parseInt(m.group(2));
    if (!m.group(1).equals("auto")) {
      return new Shard(Integer.parseInt(m.group(1)), count);
    }
    Matcher pod = POD.matcher(hostname == null ? "" : hostname);
    if (!pod.matches()) {
      throw new IllegalArgumentException(
          "--shard=auto/"
              + count
              + " takes the index from a StatefulSet pod name ending in -<index>"
              + " (got host name \""
              + hostname
              + "\")");
    }
    int index = Integer.parseInt(pod.group(1));
    if (index >= count) {
      throw new IllegalArgumentException(
          "--shard=auto/"
              + count
              + ": pod "
              + hostname
              + " has index "
              + index
              + ", beyond the "
              + count
              + " shards; make --shard's count equal the replica count");
    }
    return new Shard(index, count);
  }
}
