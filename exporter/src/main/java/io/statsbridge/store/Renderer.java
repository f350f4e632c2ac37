package io.statsbridge.store;

import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.Exposition;
import io.statsbridge.exposition.MetricFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Renders series × families into one chunk per family: the once-per-poll work of a scrape. */
final class Renderer {
  /** Values of series {@code s} for family slot {@code f}; NaN = no sample. */
  interface Values {
    double get(int series, int family);
  }

  private Renderer() {}

  static Rendered render(List<MetricFamily> families, List<String> labels, Values values) {
    List<FamilyChunk> out = new ArrayList<>(families.size());
    StringBuilder text = new StringBuilder(labels.size() * 96);
    for (int f = 0; f < families.size(); f++) {
      text.setLength(0);
      String name = families.get(f).sampleName();
      int series = 0;
      for (int s = 0; s < labels.size(); s++) {
        double v = values.get(s, f);
        if (Double.isNaN(v)) {
          continue;
        }
        text.append(name).append(labels.get(s)).append(' ');
        Exposition.appendValue(text, v);
        text.append('\n');
        series++;
      }
      if (series > 0) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        out.add(new FamilyChunk(families.get(f), Chunk.of(bytes), series));
      }
    }
    return new Rendered(out);
  }
}
