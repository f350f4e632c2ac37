package io.statsbridge.config;

import java.util.List;

/** The source-specific part of a query after validation; immutable and comparable by value. */
public interface QuerySpec {
  /**
   * The label names the query's rows will carry besides {@code query}, as exported (a provider
   * names its upstream keys with {@code exposition.LabelSet.names}), as far as the config tells:
   * its {@code labels:} may not take one of them. Empty when they are known only from the
   * upstream's answer (Dynatrace v2's dimensions); the poll refuses a clash then.
   */
  default List<String> labelNames() {
    return List.of();
  }
}
