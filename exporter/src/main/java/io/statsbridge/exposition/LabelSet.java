package io.statsbridge.exposition;

import java.util.List;

/** Renders {@code {query="…",key="value",…}} once per series, reused by every family. */
public final class LabelSet {
  private LabelSet() {}

  public static String render(String query, List<String> names, List<String> values) {
    StringBuilder out = new StringBuilder(32 + names.size() * 24);
    out.append("{query=");
    Exposition.appendLabelValue(out, query);
    for (int i = 0; i < names.size(); i++) {
      out.append(',').append(names.get(i)).append('=');
      Exposition.appendLabelValue(out, values.get(i));
    }
    return out.append('}').toString();
  }
}
