package io.statsbridge.store;

import java.util.List;

/** A query's rendered samples of one kind (its gauges, or its counters); immutable. */
public record Rendered(List<FamilyChunk> families) {
  public static final Rendered EMPTY = new Rendered(List.of());

  public Rendered {
    families = List.copyOf(families);
  }

  public int series() {
    return families.stream().mapToInt(FamilyChunk::series).sum();
  }
}
