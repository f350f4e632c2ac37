package io.statsbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Metrics API v2 selector as the simulator understands it: a metric key followed by
 * transformations. Aggregations ({@code :avg}, {@code :max}, …) keep the unit; {@code
 * :toUnit(from,to)} converts between time units. The query answer and the descriptor ({@code GET
 * /api/v2/metrics/{selector}}, which Dynatrace documents as taking transformations) both reflect
 * them: the data in the new unit, the descriptor's {@code unit} the new one.
 */
record Selector(String text, Monitored.Metric metric, String unit, long multiplier, long divisor) {
  private static final List<String> AGGREGATIONS =
      List.of("auto", "avg", "max", "median", "min", "sum", "value");
  private static final Pattern TO_UNIT = Pattern.compile("toUnit\\((\\w+),(\\w+)\\)");

  /** Time units in nanoseconds, for {@code :toUnit}. */
  private static final Map<String, Long> NANOS =
      Map.of(
          "NanoSecond",
          1L,
          "MicroSecond",
          1_000L,
          "MilliSecond",
          1_000_000L,
          "Second",
          1_000_000_000L);

  /**
   * The selector's metric and unit, or an {@link IllegalArgumentException} saying what is wrong.
   */
  static Selector parse(String text) {
    String key = text;
    String rest = "";
    int colon = text.indexOf(':', text.indexOf(':') + 1);
    if (colon > 0) {
      key = text.substring(0, colon);
      rest = text.substring(colon + 1);
    }
    Monitored.Metric m = Monitored.byV2(key);
    if (m == null) {
      throw new IllegalArgumentException("Metric selector " + text + " matches no metric");
    }
    String unit = m.unit().replaceAll(" \\(.*", "");
    long multiplier = 1;
    long divisor = 1;
    for (String t : rest.isEmpty() ? List.<String>of() : List.of(rest.split(":(?![^(]*\\))"))) {
      Matcher toUnit = TO_UNIT.matcher(t);
      if (toUnit.matches()) {
        Long from = NANOS.get(toUnit.group(1));
        Long to = NANOS.get(toUnit.group(2));
        if (from == null || to == null || !toUnit.group(1).equals(unit)) {
          throw new IllegalArgumentException("cannot convert " + unit + " with :" + t);
        }
        unit = toUnit.group(2);
        multiplier *= from;
        divisor *= to;
      } else if (!AGGREGATIONS.contains(t)) {
        throw new IllegalArgumentException("the simulator does not know the transformation :" + t);
      }
    }
    return new Selector(text, m, unit, multiplier, divisor);
  }

  /** Splits {@code a,b:toUnit(x,y)} at the commas that are not inside parentheses. */
  static List<String> split(String selectors) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selectors.length(); i++) {
      char c = selectors.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        out.add(selectors.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(selectors.substring(start).strip());
    return out;
  }

  /** A value of the metric in this selector's unit. */
  double apply(double value) {
    return Double.isNaN(value) ? value : value * multiplier / divisor;
  }
}
