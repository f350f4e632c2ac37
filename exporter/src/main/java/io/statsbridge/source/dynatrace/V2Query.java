package io.statsbridge.source.dynatrace;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.log.Log;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * {@code GET /api/v2/metrics/query}: one request, since the endpoint has no paging (no {@code
 * nextPageKey} parameter; the field in the answer is deprecated and always null). Each data item's
 * {@code dimensionMap} becomes its labels; the unit comes from the descriptor of the result's whole
 * selector ({@code GET /api/v2/metrics/{selector}}, which takes transformations: {@code :toUnit(…)}
 * or {@code :rate(…)} change the unit), looked up once per selector, unless {@code unit} is
 * configured. Dynatrace's warnings and the limits it reached travel as the batch's remarks.
 */
final class V2Query implements SourceQuery {
  private static final Log LOG = Log.of(V2Query.class);

  private final DynatraceSource source;
  private final DynatraceQuerySpec.V2 spec;
  private final String query;
  private final Naming naming;
  private final Map<String, String> units = new ConcurrentHashMap<>();

  V2Query(DynatraceSource source, DynatraceQuerySpec.V2 spec, String query) {
    this.source = source;
    this.spec = spec;
    this.query = query;
    this.naming = new Naming(query, spec.metricName(), spec.unit());
  }

  HttpUrl url(Window window) {
    HttpUrl.Builder url =
        source
            .settings()
            .api("api/v2/metrics/query")
            .newBuilder()
            .addQueryParameter("metricSelector", spec.metricSelector())
            .addQueryParameter("from", Long.toString(window.from().toEpochMilli()))
            .addQueryParameter("to", Long.toString(window.to().toEpochMilli()));
    spec.resolution().ifPresent(r -> url.addQueryParameter("resolution", r));
    spec.entitySelector().ifPresent(e -> url.addQueryParameter("entitySelector", e));
    return url.build();
  }

  @Override
  public Batch fetch(Window window, Deadline deadline) throws SourceException {
    DynatraceParser.V2Answer answer =
        source.execute(
            new Request.Builder().url(url(window)),
            deadline,
            "metrics.read",
            (body, headers) -> DynatraceParser.v2(body));
    List<Table> tables = new ArrayList<>();
    Set<String> familyNames = new HashSet<>();
    NotFinite notFinite = new NotFinite();
    for (Map.Entry<String, List<DynatraceParser.V2Item>> e : answer.byMetric().entrySet()) {
      tables.add(table(e.getKey(), e.getValue(), deadline, familyNames, notFinite));
    }
    return new Batch(tables, notFinite.addTo(answer.remarks()));
  }

  private Table table(
      String metricId,
      List<DynatraceParser.V2Item> items,
      Deadline deadline,
      Set<String> used,
      NotFinite notFinite)
      throws SourceException {
    Units.Conversion conversion = naming.conversion(unit(metricId, deadline));
    String name = naming.familyName(metricId, conversion);
    if (!used.add(name)) {
      // Two selectors of one metric (e.g. :avg and :max): keep both, told apart by the rest of the
      // id.
      name = name + "_" + Naming.snake(metricId.substring(Naming.metricKey(metricId).length()));
      used.add(name);
    }
    // Two items with the same labels (a remainder tuple beside a value literally named
    // "remainder", or the same metricId in two results): the first wins.
    MetricFamily family =
        MetricFamily.gauge(
            name,
            "Dynatrace metric "
                + metricId
                + ", latest value of the window ("
                + conversion.describe()
                + ").",
            Combine.first());
    Set<String> keys = new LinkedHashSet<>();
    items.forEach(i -> keys.addAll(i.dimensions().keySet()));
    List<String> dimensionKeys = List.copyOf(keys);
    List<Row> rows = new ArrayList<>(items.size());
    for (DynatraceParser.V2Item item : items) {
      double value = conversion.apply(item.value());
      if (notFinite.exportable(metricId, item.value(), value)) {
        List<String> values =
            dimensionKeys.stream().map(k -> item.dimensions().getOrDefault(k, "")).toList();
        rows.add(new Row(values, new double[] {value}));
      }
    }
    return new Table(dimensionKeys, List.of(family), rows);
  }

  /**
   * The unit of a result's data, from the descriptor of its {@code metricId} (the selector with its
   * transformations, as Dynatrace echoes it), looked up once; empty when it cannot be had. The
   * metric key's own descriptor would be wrong after {@code :toUnit(MicroSecond,MilliSecond)}.
   */
  private String unit(String metricId, Deadline deadline) throws SourceException {
    if (spec.unit().isPresent()) {
      return spec.unit().get();
    }
    String cached = units.get(metricId);
    if (cached != null) {
      return cached;
    }
    try {
      HttpUrl url =
          source.settings().api("api/v2/metrics").newBuilder().addPathSegment(metricId).build();
      String unit =
          DynatraceParser.read(
                  source.execute(new Request.Builder().url(url), deadline, "metrics.read").body())
              .path("unit")
              .asText("");
      units.put(metricId, unit);
      return unit;
    } catch (SourceException e) {
      if (e.retryable()) {
        // A passing failure must not rename the family (unconverted values get no unit suffix):
        // fail this poll, and the next one asks again.
        throw e;
      }
      LOG.warn(
          "cannot read the selector's unit; exporting without conversion",
          "query",
          query,
          "metric",
          metricId,
          "err",
          e.getMessage());
      return "";
    }
  }
}
