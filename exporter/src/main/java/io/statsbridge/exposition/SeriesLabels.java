package io.statsbridge.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One series' labels as they appear on the wire, {@code {query="…",name="value",…}}: encoded once
 * per row and then written before every family's value. Compared and hashed by content, so it is
 * also the series' identity; ordered bytewise, so neighbours in a chunk share prefixes and compress
 * well.
 */
public final class SeriesLabels implements Comparable<SeriesLabels> {
  private final byte[] text;
  private final int hash;

  SeriesLabels(byte[] text) {
    this.text = text;
    this.hash = Arrays.hashCode(text);
  }

  /** The encoded size in bytes. */
  public int size() {
    return text.length;
  }

  void writeTo(ChunkWriter out) {
    out.write(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesLabels other && hash == other.hash && Arrays.equals(text, other.text);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(SeriesLabels other) {
    return Arrays.compareUnsigned(text, other.text);
  }

  @Override
  public String toString() {
    return new String(text, StandardCharsets.UTF_8);
  }
}
