package io.statsbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of an example in a vendor's reStructuredText page, kept whole as a fixture: the body of
 * the {@code code-block} with the given {@code :caption:}, from its first line starting with
 * {@code {} to the block's end, its indentation removed.
 */
public final class RstExamples {
  private RstExamples() {}

  public static String text(String fixture, String caption) {
    List<String> lines = Fixtures.read(fixture).lines().toList();
    int at = lines.indexOf("\t:caption: " + caption);
    if (at < 0) {
      throw new IllegalArgumentException(fixture + " has no example captioned " + caption);
    }
    int i = at + 1;
    while (i < lines.size() && !lines.get(i).startsWith("\t{")) {
      i++;
    }
    List<String> json = new ArrayList<>();
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isEmpty() && !line.startsWith("\t")) {
        break;
      }
      json.add(line.isEmpty() ? line : line.substring(1));
    }
    if (json.isEmpty()) {
      throw new IllegalArgumentException(fixture + ": example " + caption + " has no JSON");
    }
    return String.join("\n", json).strip() + "\n";
  }

  public static JsonNode json(String fixture, String caption) {
    try {
      return new ObjectMapper().readTree(text(fixture, caption));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
