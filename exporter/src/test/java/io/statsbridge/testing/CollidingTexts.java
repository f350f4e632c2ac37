package io.statsbridge.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Texts an upstream can send that all have one {@link String#hashCode()}: "Aa" and "BB" hash alike,
 * and so do all their concatenations of one length.
 */
public final class CollidingTexts {
  private CollidingTexts() {}

  /** 2<sup>{@code bits}</sup> distinct texts of {@code 2 × bits} characters with one hash. */
  public static List<String> of(int bits) {
    List<String> texts = new ArrayList<>(1 << bits);
    for (int i = 0; i < 1 << bits; i++) {
      StringBuilder text = new StringBuilder(2 * bits);
      for (int bit = 0; bit < bits; bit++) {
        text.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      texts.add(text.toString());
    }
    return texts;
  }
}
