package io.statsbridge.source.datadog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads {@code {"data":[{"attributes":{…,"group_bys":{key:[values]}}}]}} tolerantly: unknown fields
 * are ignored, a missing, null or non-numeric attribute yields no sample, a negative count (which
 * would make a counter go down) is dropped, and a row without attributes is skipped and counted. A
 * body that is not a JSON object, or whose {@code data} is not a list, fails the poll.
 */
final class DatadogResponseParser {
  private DatadogResponseParser() {}

  /** As {@link #parse(InputStream, List, List, int)}, for a body at hand (fixtures). */
  static Batch parse(
      String body, List<String> groupBy, List<DatadogAttribute> attributes, int limit)
      throws SourceException {
    try {
      return parse(
          new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
          groupBy,
          attributes,
          limit);
    } catch (IOException e) {
      throw malformed("body cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads the answer as it streams in: one {@code data} item at a time, so memory holds rows, not
   * the body. An upstream that ignores {@code limit} gets its items past the limit dropped, and the
   * batch is flagged truncated.
   *
   * <p>The spec makes {@code data} optional: an answer without it (or with {@code null}) has no
   * connections, a success with no data, and a warning, since the API itself sends {@code
   * {"data":[]}} then (its recorded cassette). Items without {@code attributes} are skipped and
   * counted ({@link DatadogRowReader}); they count towards the limit, which the upstream applied to
   * the items it sent.
   */
  static Batch parse(
      InputStream body, List<String> groupBy, List<DatadogAttribute> attributes, int limit)
      throws IOException, SourceException {
    DatadogRowReader reader = new DatadogRowReader(groupBy, attributes);
    List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
    boolean sawData = false;
    long items = 0;
    boolean dataGiven = false;
    try (JsonParser p = UpstreamJson.parserCheckedByReader(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("data")) {
          if (dataGiven) {
            throw UpstreamJson.duplicate(p, field); // every row would count twice
          }
          dataGiven = true;
        }
        if (!field.equals("data") || value == JsonToken.VALUE_NULL) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw malformed("\"data\" is not an array");
        }
        sawData = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (t == null) {
            throw malformed("body ends inside \"data\"");
          }
          if (items++ >= limit) {
            p.skipChildren();
            continue;
          }
          Row row = reader.item(p);
          if (row != null) {
            rows.add(row);
          }
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || !UpstreamJson.endsAfterRoot(p)) {
        throw malformed("body does not end after its JSON object");
      }
    } catch (JsonProcessingException e) {
      throw malformed(UpstreamJson.problem(e));
    }
    Remarks remarks = reader.skipped(Remarks.NONE);
    if (items >= limit) {
      remarks = remarks.truncated("rows reached limit (" + limit + ")");
    }
    if (!sawData) {
      remarks =
          remarks
              .warning(
                  "the answer has no \"data\" array (the API may leave it out): no connections")
              .noDataFound();
    } else if (items == 0) {
      remarks = remarks.noDataFound();
    }
    return Batch.of(new Table(groupBy, DatadogAttribute.families(attributes), rows), remarks);
  }

  private static SourceException malformed(String what) {
    return new SourceException(SourceException.Kind.ERROR, "malformed Datadog response: " + what);
  }

  /**
   * The text of an error body. The spec documents {@code {"errors":["Bad Request"]}}; the API
   * really sends JSON:API objects {@code {"status":"400","title":…,"detail":…}}. Both are read.
   */
  static String errorText(String body) {
    try {
      JsonNode errors = UpstreamJson.tree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        StringJoiner out = new StringJoiner("; ");
        for (JsonNode e : errors) {
          if (e.isTextual()) {
            out.add(e.asText());
          } else if (e.isObject()) {
            String title = e.path("title").asText("");
            String detail = e.path("detail").asText("");
            out.add(title.isEmpty() || detail.isEmpty() ? title + detail : title + ": " + detail);
          }
        }
        return out.toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: fall back to the raw text below
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }
}
