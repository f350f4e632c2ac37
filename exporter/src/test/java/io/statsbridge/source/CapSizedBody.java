package io.statsbridge.source;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A JSON answer of exactly {@code size} bytes, written as it is sent: neither the test's JVM nor
 * MockWebServer ever holds it. It is {@code head}, then each section's {@code rows} rows (one
 * function of the row number each, all of one length, comma-separated) followed by the section's
 * {@code end}; the few bytes a last row would not fit in are JSON whitespace before the last end.
 */
record CapSizedBody(long size, String head, List<Section> sections) implements MockResponseBody {
  /** Rows of one length, then what closes them. */
  record Section(IntFunction<String> row, String end) {
    int rowLength() {
      return row.apply(0).getBytes(StandardCharsets.UTF_8).length;
    }
  }

  /** How many rows every section has: as many as fit in {@code size}. */
  int rows() {
    long fixed = bytes(head);
    long perRow = 0;
    for (Section s : sections) {
      fixed += bytes(s.end()) - 1; // n rows have n - 1 commas
      perRow += s.rowLength() + 1;
    }
    return (int) ((size - fixed) / perRow);
  }

  @Override
  public long getContentLength() {
    return size;
  }

  @Override
  public void writeTo(BufferedSink sink) throws java.io.IOException {
    int n = rows();
    long written = bytes(head);
    sink.writeUtf8(head);
    for (int s = 0; s < sections.size(); s++) {
      Section section = sections.get(s);
      for (int i = 0; i < n; i++) {
        String row = section.row().apply(i);
        if (i > 0) {
          sink.writeByte(',');
          written++;
        }
        sink.writeUtf8(row);
        written += bytes(row);
      }
      if (s == sections.size() - 1) {
        long pad = size - written - bytes(section.end());
        for (long p = 0; p < pad; p++) {
          sink.writeByte(' ');
        }
        written += pad;
      }
      sink.writeUtf8(section.end());
      written += bytes(section.end());
    }
    if (written != size) {
      throw new IllegalStateException("wrote " + written + " bytes, not " + size);
    }
  }

  private static long bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
