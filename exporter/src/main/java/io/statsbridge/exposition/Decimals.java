package io.statsbridge.exposition;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Arithmetic on upstream values that keeps their decimals: an upstream's {@code 14.8} stays 14.8
 * through a unit conversion or a sum. Binary arithmetic does not: {@code 888 × (1/60)} is
 * 14.799999999999999 and {@code 2.01 × 1000} is 2009.9999999999998. Values are taken as the
 * shortest decimal that reads back as the same double (what the upstream wrote, for any value of up
 * to 17 digits), computed exactly in decimal, and rounded to a double once.
 */
public final class Decimals {
  private static final double EXACT_INTEGERS = 0x1p53;

  private Decimals() {}

  /** {@code value × multiplier ÷ divisor}; NaN stays NaN. */
  public static double scale(double value, long multiplier, long divisor) {
    if (!Double.isFinite(value)) {
      return value;
    }
    // Fast path: an integer times an integer is exact below 2^53, and one division rounds once.
    double product = value * multiplier;
    if (value == Math.rint(value) && Math.abs(product) < EXACT_INTEGERS) {
      return product / divisor;
    }
    return BigDecimal.valueOf(value)
        .multiply(BigDecimal.valueOf(multiplier))
        .divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL128)
        .doubleValue();
  }

  /** {@code v} as the decimal it was written as, for sums and means that lose nothing. */
  public static BigDecimal decimal(double v) {
    return BigDecimal.valueOf(v);
  }
}
