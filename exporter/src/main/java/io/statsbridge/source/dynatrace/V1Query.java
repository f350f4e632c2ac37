package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.UpstreamJson;
import io.statsbridge.source.Window;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@code POST /api/v1/timeseries/{id}}: one value per entity (total) or its latest point (series).
 */
final class V1Query implements SourceQuery {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final DynatraceSource source;
  private final DynatraceQuerySpec.V1 spec;
  private final Naming naming;

  V1Query(DynatraceSource source, DynatraceQuerySpec.V1 spec, String query) {
    this.source = source;
    this.spec = spec;
    this.naming = new Naming(query, spec.metricName(), spec.unit());
  }

  String body(Window window) {
    ObjectNode body = UpstreamJson.MAPPER.createObjectNode();
    body.put("aggregationType", spec.aggregation().toUpperCase(Locale.ROOT));
    body.put("queryMode", spec.total() ? "TOTAL" : "SERIES");
    if (spec.relativeTime().isPresent()) {
      body.put("relativeTime", spec.relativeTime().get());
    } else {
      body.put("startTimestamp", window.from().toEpochMilli());
      body.put("endTimestamp", window.to().toEpochMilli());
    }
    if (!spec.entities().isEmpty()) {
      spec.entities().forEach(body.putArray("entities")::add);
    }
    if (!spec.tags().isEmpty()) {
      spec.tags().forEach(body.putArray("tags")::add);
    }
    spec.percentile().ifPresent(p -> body.put("percentile", p));
    if (spec.includePredictions()) {
      body.put("predict", true);
    }
    try {
      return UpstreamJson.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Batch fetch(Window window, Deadline deadline) throws SourceException {
    Request.Builder request =
        new Request.Builder()
            .url(
                source
                    .settings()
                    .api("api/v1/timeseries")
                    .newBuilder()
                    .addPathSegment(spec.timeseriesId())
                    .build())
            .post(RequestBody.create(body(window), JSON_TYPE));
    // Points at or after the window's end are predictions, except in TOTAL mode: its one point is
    // the window's value, and Dynatrace does not say which time it carries (the documented
    // response model shows one after the request's end).
    long predictionsFrom =
        spec.total() || spec.relativeTime().isPresent()
            ? Long.MAX_VALUE
            : window.to().toEpochMilli();
    DynatraceParser.V1Result result =
        source.execute(
            request,
            deadline,
            "DataExport",
            (body, headers) ->
                DynatraceParser.v1(body, predictionsFrom, spec.includePredictions()));
    Units.Conversion conversion = naming.conversion(result.unit());
    String aggregation =
        spec.percentile().map(p -> "p" + p).orElse(spec.aggregation().toLowerCase(Locale.ROOT));
    // dataPoints is a JSON object: one entry per entity key, so no two rows share labels.
    MetricFamily family =
        MetricFamily.gauge(
            naming.familyName(spec.timeseriesId(), conversion),
            "Dynatrace timeseries "
                + spec.timeseriesId()
                + " ("
                + result.unit()
                + ", "
                + conversion.describe()
                + ").",
            Combine.first());
    List<Row> rows = new ArrayList<>(result.points().size());
    NotFinite notFinite = new NotFinite();
    for (DynatraceParser.V1Point p : result.points()) {
      double value = conversion.apply(p.value());
      if (notFinite.exportable(p.entityId(), p.value(), value)) {
        rows.add(new Row(List.of(p.entityId(), p.entityName(), aggregation), new double[] {value}));
      }
    }
    return Batch.of(
        new Table(List.of("entity_id", "entity_name", "aggregation"), List.of(family), rows),
        notFinite.addTo(Remarks.NONE));
  }
}
