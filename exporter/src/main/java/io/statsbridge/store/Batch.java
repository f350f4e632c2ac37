package io.statsbridge.store;

import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.status.Remarks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one successful fetch returns: one or more tables whose families are distinct, and what the
 * upstream said about them.
 */
public record Batch(List<Table> tables, Remarks remarks) {
  public Batch {
    tables = List.copyOf(tables);
    Set<String> names = new HashSet<>();
    for (Table t : tables) {
      for (MetricFamily f : t.families()) {
        if (!names.add(f.name())) {
          throw new IllegalArgumentException("family " + f.name() + " is in two tables");
        }
      }
    }
  }

  public static Batch of(Table table, Remarks remarks) {
    return new Batch(List.of(table), remarks);
  }

  /** Whether the upstream probably cut the result. */
  public boolean truncated() {
    return remarks.truncated();
  }

  public int rowCount() {
    return tables.stream().mapToInt(t -> t.rows().size()).sum();
  }

  /** This batch with at most {@code maxRows} rows, in table order; truncated if any were cut. */
  public Batch capped(int maxRows) {
    if (rowCount() <= maxRows) {
      return this;
    }
    List<Table> kept = new ArrayList<>();
    int left = maxRows;
    for (Table t : tables) {
      int n = Math.min(left, t.rows().size());
      kept.add(new Table(t.labelKeys(), t.families(), t.rows().subList(0, n)));
      left -= n;
    }
    return new Batch(kept, remarks.truncated("rows reached max_rows (" + maxRows + ")"));
  }
}
