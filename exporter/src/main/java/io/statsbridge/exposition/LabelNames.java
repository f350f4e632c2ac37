package io.statsbridge.exposition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns upstream keys (group-by fields such as {@code network.client.ip}) into Prometheus label
 * names that can never break a scrape: invalid characters become {@code _}, names Prometheus or
 * statsbridge reserve get an {@code exported_} prefix, and names that collide after that get a
 * {@code _2}, {@code _3} … suffix in input order.
 */
public final class LabelNames {
  /** Names Prometheus attaches or interprets itself, plus our own {@code query} label. */
  public static final Set<String> RESERVED = Set.of("job", "instance", "le", "quantile", "query");

  private LabelNames() {}

  public static String sanitize(String key) {
    StringBuilder out = new StringBuilder(key.length() + 1);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    String name = out.toString();
    if (RESERVED.contains(name) || name.startsWith("__")) {
      name = "exported_" + name;
    }
    return name;
  }

  /** Sanitized names for {@code keys}, unique among themselves and against {@code taken}. */
  public static List<String> sanitizeAll(List<String> keys, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    List<String> names = new ArrayList<>(keys.size());
    for (String key : keys) {
      String base = sanitize(key);
      String name = base;
      for (int n = 2; !used.add(name); n++) {
        name = base + "_" + n;
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
