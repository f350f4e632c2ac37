package io.statsbridge.source.dynatrace;

import io.statsbridge.status.Remarks;

/**
 * Rows whose value cannot be a sample: not finite as sent ({@code 1E400} reads as infinity), or not
 * finite once converted to the base unit (1.79e308 Kilo). Each is skipped and counted, and the
 * first named in the warning; a gauge never shows ±Inf.
 */
final class NotFinite {
  private long rows;
  private String first;

  /** Whether {@code converted} can be exported; counts the row when it cannot. */
  boolean exportable(String series, double sent, double converted) {
    if (Double.isFinite(converted)) {
      return true;
    }
    if (rows++ == 0) {
      first = series + " " + sent;
    }
    return false;
  }

  /** {@code remarks} with the rows skipped, and why. */
  Remarks addTo(Remarks remarks) {
    return remarks.skipped(
        rows,
        (rows == 1 ? "1 row" : rows + " rows")
            + " skipped: a value not finite, or not finite in the base unit (the first: "
            + first
            + ")");
  }
}
