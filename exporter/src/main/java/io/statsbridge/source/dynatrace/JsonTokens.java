package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.source.StringPool;
import java.io.IOException;
import java.util.Collection;

/** The few token-stream steps both Dynatrace readers share. */
final class JsonTokens {
  private JsonTokens() {}

  /**
   * The text of the value whose first token is {@code t}, as a JSON tree's {@code asText} gives it:
   * a scalar's own text, {@code ""} for a list or an object (skipped), {@code orNull} for null.
   */
  static String text(JsonParser p, JsonToken t, StringPool pool, String orNull) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return orNull;
    }
    if (t.isScalarValue()) {
      return pool.text(p);
    }
    p.skipChildren();
    return "";
  }

  /**
   * Whether the value whose first token is {@code t} is a list or object with something in it; the
   * value is read to its end, whatever its size, without being kept.
   */
  static boolean notEmpty(JsonParser p, JsonToken t) throws IOException {
    if (!t.isStructStart()) {
      return false;
    }
    JsonToken first = p.nextToken();
    if (first.isStructEnd()) {
      return false;
    }
    int depth = 1;
    for (JsonToken x = first; ; x = p.nextToken()) {
      if (x == null) {
        throw new java.io.EOFException("body ends inside a list");
      }
      if (x.isStructStart()) {
        depth++;
      } else if (x.isStructEnd() && --depth == 0) {
        return true;
      }
    }
  }

  /** The non-blank texts of a list of strings, up to {@code max} of them; anything else skipped. */
  static void texts(JsonParser p, JsonToken t, Collection<String> into, int max)
      throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      if (e == JsonToken.VALUE_STRING && !p.getText().isBlank() && into.size() < max) {
        into.add(p.getText());
      }
      p.skipChildren();
    }
  }
}
