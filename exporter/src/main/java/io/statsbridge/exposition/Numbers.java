package io.statsbridge.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Sample values as text, written straight into a byte buffer: integers without a fraction, decimals
 * of up to {@link #MAX_FRACTION} digits as the shortest such decimal that reads back as the same
 * double, infinities in Prometheus' spelling. Only other values go through {@link
 * Double#toString(double)} and its garbage.
 */
final class Numbers {
  /** The most bytes {@link #write} writes. */
  static final int MAX_LENGTH = 32;

  private static final int MAX_FRACTION = 9;
  private static final double EXACT_INTEGERS = 0x1p53;
  private static final double[] POWERS = new double[MAX_FRACTION + 1];

  static {
    for (int k = 0; k <= MAX_FRACTION; k++) {
      POWERS[k] = Math.pow(10, k);
    }
  }

  private Numbers() {}

  /** Writes {@code v} at {@code pos}, which has {@link #MAX_LENGTH} bytes free; returns the end. */
  static int write(double v, byte[] out, int pos) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return writeDecimal((long) v, 0, out, pos);
    }
    if (Double.isInfinite(v)) {
      return ascii(v > 0 ? "+Inf" : "-Inf", out, pos);
    }
    for (int k = 1; k <= MAX_FRACTION && Double.isFinite(v); k++) {
      double scaled = v * POWERS[k];
      // m / 10^k with both exact is the double nearest the decimal m·10^-k, so reading that
      // decimal back gives v again exactly when the division does.
      if (Math.abs(scaled) >= EXACT_INTEGERS) {
        break;
      }
      double nearest = Math.rint(scaled);
      if (nearest / POWERS[k] == v) {
        // The product itself may miss the integer by a rounding: 0.0024 × 10^4 is not 24.
        long unscaled = (long) nearest;
        int fraction = k;
        while (unscaled % 10 == 0) {
          unscaled /= 10;
          fraction--;
        }
        return writeDecimal(unscaled, fraction, out, pos);
      }
    }
    return ascii(Double.toString(v), out, pos);
  }

  /** Writes {@code unscaled · 10^-fraction}, e.g. (-15, 3) as {@code -0.015}. */
  private static int writeDecimal(long unscaled, int fraction, byte[] out, int pos) {
    if (unscaled < 0) {
      out[pos++] = '-';
      unscaled = -unscaled;
    }
    int digits = 1;
    for (long rest = unscaled / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int intDigits = Math.max(1, digits - fraction);
    int length = intDigits + (fraction > 0 ? 1 + fraction : 0);
    int end = pos + length;
    int at = end - 1;
    for (int i = 0; i < fraction; i++) {
      out[at--] = (byte) ('0' + unscaled % 10);
      unscaled /= 10;
    }
    if (fraction > 0) {
      out[at--] = '.';
    }
    for (int i = 0; i < intDigits; i++) {
      out[at--] = (byte) ('0' + unscaled % 10);
      unscaled /= 10;
    }
    return end;
  }

  private static int ascii(String s, byte[] out, int pos) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }
}
