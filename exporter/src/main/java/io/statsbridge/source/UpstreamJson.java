package io.statsbridge.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every upstream body is read: strictly. An object that gives one key twice fails the body
 * (Jackson's {@code STRICT_DUPLICATE_DETECTION}, as the config's YAML does): a streaming reader
 * would take both values (Datadog's {@code "data"} twice counted every row twice), a tree the last,
 * and neither is what the upstream meant. Content after the document fails it too.
 */
public final class UpstreamJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** For the small bodies read whole: descriptors, error bodies, request bodies to send. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

  private UpstreamJson() {}

  /**
   * A reader that keeps its own watch on the keys it reads, for large bodies read row by row:
   * Jackson's strict check builds a set of names for every object of the body (about 1.4 KB a
   * Datadog row, 10 MiB a 7,500-row poll), where a reader that knows its keys needs a bit each.
   */
  private static final ObjectMapper KEYS_CHECKED_BY_THE_READER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A streaming parser over a body; trees of small parts can be read from it. */
  public static JsonParser parser(InputStream body) throws IOException {
    return MAPPER.createParser(body);
  }

  /**
   * A streaming parser for a reader that refuses a key given twice itself, among the keys it uses
   * ({@link #duplicate}); keys it skips may repeat, as they change nothing.
   */
  public static JsonParser parserCheckedByReader(InputStream body) throws IOException {
    return KEYS_CHECKED_BY_THE_READER.createParser(body);
  }

  /** The error a reader throws for a key given twice: {@link #problem} words it as Jackson's. */
  public static JsonParseException duplicate(JsonParser p, String key) {
    return new JsonParseException(p, "Duplicate field '" + key + "'");
  }

  /** What a reader does with one field of a body's root object, its value's first token current. */
  @FunctionalInterface
  public interface FieldReader {
    void field(JsonParser p, String name, JsonToken value) throws IOException, SourceException;
  }

  /**
   * Reads a body that is one JSON object as it streams in, handing each of its fields to {@code
   * fields}. A body that is not an object ({@code notAnObject} says so), not valid JSON, or goes on
   * after its object is refused with the exception {@code malformed} makes of the words.
   */
  public static void readObject(
      InputStream body,
      String notAnObject,
      Function<String, SourceException> malformed,
      FieldReader fields)
      throws IOException, SourceException {
    try (JsonParser p = parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed.apply(notAnObject);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        fields.field(p, name, p.nextToken());
      }
      if (!endsAfterRoot(p)) {
        throw malformed.apply("body does not end after its JSON object");
      }
    } catch (JsonProcessingException e) {
      throw malformed.apply(problem(e));
    }
  }

  /** A small body as a tree. */
  public static JsonNode tree(String body) throws JsonProcessingException {
    return MAPPER.readTree(body);
  }

  /** Whether the document the parser read ends where its root value ended. */
  public static boolean endsAfterRoot(JsonParser p) throws IOException {
    return p.nextToken() == null;
  }

  /** Why a body is not valid JSON, in words: a key given twice is named. */
  public static String problem(JsonProcessingException e) {
    String original = e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original == null ? "" : original);
    if (duplicate.matches()) {
      return "an object gives the key \"" + duplicate.group(1) + "\" twice";
    }
    return "body is not valid JSON (" + original + ")";
  }
}
