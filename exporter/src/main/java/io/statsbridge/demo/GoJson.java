package io.statsbridge.demo;

import java.math.BigDecimal;

/**
 * Numbers as Go's {@code encoding/json} writes a {@code float64}, which is how Traffic Ops writes
 * them: the shortest digits that read back as the same double, without an exponent from 1e-6 to
 * 1e21 ({@code 40000000}, not Java's {@code 4.0E7}; {@code 113}, not {@code 113.0}).
 */
final class GoJson {
  private GoJson() {}

  static StringBuilder number(StringBuilder out, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("JSON has no " + v);
    }
    double abs = Math.abs(v);
    if (abs == 0) {
      return out.append('0');
    }
    if (abs < 1e-6 || abs >= 1e21) {
      return out.append(v); // Go writes an exponent here too; the simulator never serves these
    }
    return out.append(new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString());
  }

  /** A value or {@code null} for NaN (InfluxDB's empty bucket). */
  static StringBuilder numberOrNull(StringBuilder out, double v) {
    return Double.isNaN(v) ? out.append("null") : number(out, v);
  }
}
