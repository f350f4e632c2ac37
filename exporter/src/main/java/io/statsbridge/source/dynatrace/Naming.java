package io.statsbridge.source.dynatrace;

import io.statsbridge.log.Log;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dynatrace ids → Prometheus family names, and a query's unit conversion with unknown units logged
 * once per query. {@code com.dynatrace.builtin:host.cpu.idle} → {@code dynatrace_host_cpu_idle},
 * {@code builtin:service.response.time:avg} → {@code dynatrace_service_response_time}.
 */
final class Naming {
  private static final Log LOG = Log.of(Naming.class);

  private final String query;
  private final Optional<String> metricName;
  private final Optional<String> unitOverride;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  Naming(String query, Optional<String> metricName, Optional<String> unitOverride) {
    this.query = query;
    this.metricName = metricName;
    this.unitOverride = unitOverride;
  }

  Units.Conversion conversion(String upstreamUnit) {
    String unit = unitOverride.orElse(upstreamUnit);
    Optional<Units.Conversion> c = Units.of(unit);
    if (c.isEmpty() && warned.add(unit)) {
      LOG.warn(
          "unknown Dynatrace unit: exported unconverted, without a unit suffix",
          "query",
          query,
          "unit",
          unit);
    }
    return c.orElse(Units.Conversion.NONE);
  }

  String familyName(String id, Units.Conversion conversion) {
    return metricName.orElseGet(() -> metricName(id, conversion.suffix()));
  }

  /**
   * The metric key without transformations ({@code :avg}, {@code :splitBy(…)}). A key is either
   * {@code prefix:name} (the prefix has no dot, or the name has one: {@code
   * builtin:host.cpu.usage}, {@code com.dynatrace.builtin:host.cpu.idle}) or a bare dotted name
   * ({@code my.metric}).
   */
  static String metricKey(String id) {
    String[] parts = id.split(":", -1);
    if (parts.length >= 2) {
      boolean prefixed =
          !parts[0].contains(".") || (parts[1].contains(".") && !parts[1].contains("("));
      if (prefixed) {
        return parts[0] + ":" + parts[1];
      }
    }
    return parts[0];
  }

  /** The part after the prefix ({@code builtin:}, {@code com.dynatrace.builtin:}). */
  static String base(String id) {
    String key = metricKey(id);
    int colon = key.lastIndexOf(':');
    return colon >= 0 ? key.substring(colon + 1) : key;
  }

  static String snake(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isUpperCase(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
      out.setLength(out.length() - 1);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The gauge's name. Suffixes Prometheus gives a meaning (a counter's {@code _total}, a
   * histogram's {@code _count}, {@code _sum}, {@code _bucket}) are not left at the end of a gauge:
   * {@code _total} is dropped, the others get {@code _value}. Before a rate's suffix {@code _total}
   * is dropped too: {@code builtin:service.requestCount.total} in {@code count/min} is {@code
   * dynatrace_service_request_count_per_second}, where {@code _total_per_second} would read as a
   * counter's rate. Before a plain unit it stays: {@code builtin:host.mem.total} in bytes is the
   * memory's total size, {@code dynatrace_host_mem_total_bytes}.
   */
  static String metricName(String id, String suffix) {
    String base = snake(base(id));
    if ((suffix.isEmpty() || suffix.endsWith("_per_second")) && base.endsWith("_total")) {
      base = base.substring(0, base.length() - "_total".length());
    }
    if (suffix.isEmpty()
        && (base.endsWith("_count") || base.endsWith("_sum") || base.endsWith("_bucket"))) {
      base = base + "_value";
    }
    return "dynatrace_" + base + suffix;
  }
}
