package io.statsbridge.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The one wording of an unknown key, wherever it is found: every key that place accepts, and the
 * nearest of them when the key looks like a typo of it ({@code gruop_by}, {@code groupBy}).
 */
final class UnknownKeys {
  /** Edits (insert, delete, replace, swap two neighbours) that still make a near miss. */
  static final int MAX_EDITS = 2;

  private UnknownKeys() {}

  static String message(String key, Collection<String> accepted) {
    return "unknown key"
        + nearest(key, accepted).map(k -> ", did you mean " + k + "?").orElse("")
        + " (known keys: "
        + String.join(", ", accepted)
        + ")";
  }

  /**
   * The accepted key fewest edits away, if at most {@link #MAX_EDITS} and fewer than its length.
   */
  static Optional<String> nearest(String key, Collection<String> accepted) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : accepted) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= MAX_EDITS && bestDistance < key.length()
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Optimal string alignment distance: Levenshtein with a swap of neighbours as one edit. */
  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > MAX_EDITS) {
      return MAX_EDITS + 1;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
