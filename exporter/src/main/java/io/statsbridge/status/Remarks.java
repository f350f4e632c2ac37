package io.statsbridge.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What an upstream said about a result besides its rows, and what a parser had to leave out;
 * immutable. The landing page shows it, the self-metrics count it, and a poll logs it.
 *
 * @param truncation why the result is probably cut (rows reached {@code limit}, the upstream's
 *     tuple limit), empty when it is whole
 * @param warnings the upstream's own warnings about the request, as it worded them (Dynatrace's
 *     {@code warnings}), and what a parser noticed but could live with
 * @param skippedRows rows the upstream sent that could not be used (no attributes, a value out of
 *     its type's range); one warning says why
 * @param noData whether the poll asked for data and the upstream had none for any of it: a success,
 *     but not a silent one
 */
public record Remarks(
    Optional<String> truncation, List<String> warnings, long skippedRows, boolean noData) {
  /** Most warnings kept per result: an upstream that warns per row must not fill the page. */
  public static final int MAX_WARNINGS = 10;

  public static final Remarks NONE = new Remarks(Optional.empty(), List.of(), 0, false);

  public Remarks {
    warnings = List.copyOf(warnings.subList(0, Math.min(warnings.size(), MAX_WARNINGS)));
    if (skippedRows < 0) {
      throw new IllegalArgumentException("skipped rows < 0: " + skippedRows);
    }
  }

  public boolean truncated() {
    return truncation.isPresent();
  }

  /** These remarks, the result flagged as cut for {@code reason}; the first reason stays. */
  public Remarks truncated(String reason) {
    return truncated() ? this : new Remarks(Optional.of(reason), warnings, skippedRows, noData);
  }

  /** These remarks and one more warning (beyond {@link #MAX_WARNINGS}, it is dropped). */
  public Remarks warning(String text) {
    List<String> more = new ArrayList<>(warnings);
    more.add(text);
    return new Remarks(truncation, more, skippedRows, noData);
  }

  /** These remarks with {@code rows} more rows skipped, and {@code why} as a warning. */
  public Remarks skipped(long rows, String why) {
    if (rows == 0) {
      return this;
    }
    return new Remarks(truncation, warnings, skippedRows + rows, noData).warning(why);
  }

  /** These remarks, the upstream having had no data for anything asked. */
  public Remarks noDataFound() {
    return new Remarks(truncation, warnings, skippedRows, true);
  }

  /** These remarks with every text passed through {@code rewrite} (a redactor). */
  public Remarks rewritten(UnaryOperator<String> rewrite) {
    return new Remarks(
        truncation.map(rewrite), warnings.stream().map(rewrite).toList(), skippedRows, noData);
  }

  /** Both remarks: the first truncation reason, all warnings, the skipped rows added. */
  public Remarks and(Remarks other) {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(other.warnings);
    return new Remarks(
        truncation.or(other::truncation),
        all,
        skippedRows + other.skippedRows,
        noData && other.noData);
  }
}
