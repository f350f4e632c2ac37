package io.statsbridge.store;

import java.util.List;

/**
 * A row's label values as a map key, equal exactly when their label bytes are. A lone surrogate is
 * encoded as {@code ?} (UTF-8 has no bytes for it), so it is compared as one: otherwise two rows
 * with one label set would make two series. Ordered, so that a map bucket of values whose hashes
 * collide (upstream text makes that easy) is searched as a tree rather than one by one.
 */
record LabelKey(List<String> values) implements Comparable<LabelKey> {
  static LabelKey of(List<String> values) {
    for (String value : values) {
      if (loneSurrogateAt(value, 0) >= 0) {
        return new LabelKey(values.stream().map(LabelKey::encodable).toList());
      }
    }
    return new LabelKey(values);
  }

  @Override
  public int compareTo(LabelKey other) {
    int n = Math.min(values.size(), other.values.size());
    for (int i = 0; i < n; i++) {
      int c = values.get(i).compareTo(other.values.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(values.size(), other.values.size());
  }

  /** {@code value} with {@code ?} for each lone surrogate, as UTF-8 encoding spells it. */
  private static String encodable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int from = 0;
    for (int at = loneSurrogateAt(value, 0); at >= 0; at = loneSurrogateAt(value, from)) {
      out.append(value, from, at).append('?');
      from = at + 1;
    }
    return out.append(value, from, value.length()).toString();
  }

  /** The index of the first lone surrogate at or after {@code from}; -1 if there is none. */
  private static int loneSurrogateAt(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a pair: a character outside the BMP
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
