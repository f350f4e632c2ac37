package io.statsbridge.source;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalDouble;

/**
 * The integer types upstreams document for their counts, and whether a JSON number fits one. A
 * number outside the type's range, or not finite ({@code 1E400} reads as infinity), is not a value
 * the upstream can have meant: a row that carries one is skipped and counted, never exported (one
 * window total of 1.79e308, added twice, made a counter +Inf for good). A fraction inside the range
 * is kept as sent: it harms no counter.
 */
public enum IntegerType {
  /** Datadog's attributes ({@code format: int64}). */
  INT64(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
  /** Traffic Ops' {@code caches/stats} kbps and connections (Go {@code uint64}). */
  UINT64(BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

  private final BigInteger min;
  private final BigInteger max;
  private final BigDecimal minDecimal;
  private final BigDecimal maxDecimal;

  IntegerType(BigInteger min, BigInteger max) {
    this.min = min;
    this.max = max;
    this.minDecimal = new BigDecimal(min);
    this.maxDecimal = new BigDecimal(max);
  }

  /** The lower-case name the upstreams' documents use ({@code int64}). */
  public String spelled() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The current number token as a double, if the type holds it; empty if it lies outside the type's
   * range or is not finite. Compared exactly (as written), not after rounding to a double.
   */
  public OptionalDouble read(JsonParser p) throws IOException {
    switch (p.getNumberType()) {
      case INT, LONG -> {
        long v = p.getLongValue();
        return this == UINT64 && v < 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
      }
      case BIG_INTEGER -> {
        BigInteger v = p.getBigIntegerValue();
        return v.compareTo(min) < 0 || v.compareTo(max) > 0
            ? OptionalDouble.empty()
            : OptionalDouble.of(v.doubleValue());
      }
      default -> {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          return OptionalDouble.empty();
        }
        BigDecimal v = p.getDecimalValue();
        return v.compareTo(minDecimal) < 0 || v.compareTo(maxDecimal) > 0
            ? OptionalDouble.empty()
            : OptionalDouble.of(d);
      }
    }
  }
}
