package io.statsbridge.source.dynatrace;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.ExportedFamily;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.source.ProxySettings;
import io.statsbridge.source.RecordProvider;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.Urls;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * {@code type: dynatrace}: Timeseries API v1 ({@code timeseries_id}) and Metrics API v2 ({@code
 * metric_selector}).
 */
public final class DynatraceProvider
    extends RecordProvider<DynatraceProvider.SourceFields, DynatraceProvider.QueryFields> {
  static final List<String> AGGREGATIONS =
      List.of("avg", "count", "max", "median", "min", "percentile", "sum");
  static final List<String> RELATIVE_TIMES =
      List.of(
          "min", "5mins", "10mins", "15mins", "30mins", "hour", "2hours", "6hours", "day", "3days",
          "week", "month");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  record SourceFields(
      String url,
      String apiToken,
      String apiTokenFile,
      String proxyUrl,
      String noProxy,
      Boolean proxyFromEnvironment,
      JsonNode proxyConnectHeader) {}

  record QueryFields(
      String timeseriesId,
      String metricSelector,
      String aggregation,
      String queryMode,
      List<String> entities,
      List<String> tags,
      Integer percentile,
      String relativeTime,
      Boolean includePredictions,
      String entitySelector,
      String resolution,
      String metricName,
      String unit) {}

  public DynatraceProvider() {
    super("dynatrace", SourceFields.class, QueryFields.class);
  }

  @Override
  protected Optional<SourceSettings> settings(ConfigNode node, SourceFields f) {
    HttpUrl url =
        Urls.required(
                node,
                "url",
                f.url(),
                "https://{env}.live.dynatrace.com or https://{activegate}:9999/e/{env}")
            .orElse(null);
    Optional<Secret> token = node.secret("api_token", f.apiToken(), f.apiTokenFile());
    Optional<ProxySettings> proxy =
        ProxySettings.read(
            node,
            new ProxySettings.Keys(
                f.proxyUrl(), f.noProxy(), f.proxyFromEnvironment(), f.proxyConnectHeader()));
    if (url == null || token.isEmpty() || proxy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DynatraceSettings(url, token.get(), proxy.get()));
  }

  @Override
  protected Optional<QuerySpec> spec(ConfigNode node, QueryFields f) {
    boolean ok = true;
    if ((f.timeseriesId() == null) == (f.metricSelector() == null)) {
      node.problem(
          "",
          "set exactly one of timeseries_id (Timeseries API v1) or metric_selector (Metrics API v2)");
      return Optional.empty();
    }
    if (f.metricName() != null && !METRIC_NAME.matcher(f.metricName()).matches()) {
      node.problem(
          "metric_name", "must be a Prometheus metric name (got \"" + f.metricName() + "\")");
      ok = false;
    } else if (f.metricName() != null && f.metricName().endsWith("_total")) {
      // MetricFamily refuses such a gauge, so every poll would fail. (_count, _sum and _bucket
      // scrape fine; promtool merely advises against them.)
      node.problem(
          "metric_name",
          "must not end in _total: Prometheus keeps that suffix for counters, and Dynatrace values"
              + " are exported as gauges (got \""
              + f.metricName()
              + "\")");
      ok = false;
    }
    if (f.metricSelector() != null) {
      for (String v1Only :
          List.of(
              "aggregation",
              "query_mode",
              "entities",
              "tags",
              "percentile",
              "relative_time",
              "include_predictions")) {
        if (node.json().has(v1Only)) {
          node.problem(
              v1Only,
              "applies to timeseries_id (v1) queries only; use metric_selector transformations",
              "metric_selector");
          ok = false;
        }
      }
      return ok
          ? Optional.of(
              new DynatraceQuerySpec.V2(
                  f.metricSelector(),
                  Optional.ofNullable(f.entitySelector()),
                  Optional.ofNullable(f.resolution()),
                  Optional.ofNullable(f.metricName()),
                  Optional.ofNullable(f.unit())))
          : Optional.empty();
    }
    for (String v2Only : List.of("entity_selector", "resolution")) {
      if (node.json().has(v2Only)) {
        node.problem(v2Only, "applies to metric_selector (v2) queries only", "timeseries_id");
        ok = false;
      }
    }
    String aggregation = f.aggregation() == null ? "avg" : f.aggregation().toLowerCase(Locale.ROOT);
    if (!AGGREGATIONS.contains(aggregation)) {
      node.problem(
          "aggregation",
          "must be one of "
              + String.join(", ", AGGREGATIONS)
              + " (got \""
              + f.aggregation()
              + "\")");
      ok = false;
    }
    if (aggregation.equals("percentile")) {
      if (f.percentile() == null || f.percentile() < 1 || f.percentile() > 99) {
        node.problem(
            "percentile",
            "must be 1..99 with aggregation: percentile (got " + f.percentile() + ")",
            "aggregation");
        ok = false;
      }
    } else if (f.percentile() != null) {
      node.problem("percentile", "is only allowed with aggregation: percentile", "aggregation");
      ok = false;
    }
    String mode = f.queryMode() == null ? "total" : f.queryMode().toLowerCase(Locale.ROOT);
    if (!mode.equals("total") && !mode.equals("series")) {
      node.problem("query_mode", "must be total or series (got \"" + f.queryMode() + "\")");
      ok = false;
    }
    String relative = f.relativeTime() == null ? null : f.relativeTime().toLowerCase(Locale.ROOT);
    if (relative != null && !RELATIVE_TIMES.contains(relative)) {
      node.problem(
          "relative_time",
          "must be one of "
              + String.join(", ", RELATIVE_TIMES)
              + " (got \""
              + f.relativeTime()
              + "\")");
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new DynatraceQuerySpec.V1(
            f.timeseriesId(),
            aggregation,
            mode.equals("total"),
            f.entities() == null ? List.of() : f.entities(),
            f.tags() == null ? List.of() : f.tags(),
            Optional.ofNullable(f.percentile()),
            Optional.ofNullable(relative),
            Boolean.TRUE.equals(f.includePredictions()),
            Optional.ofNullable(f.metricName()),
            Optional.ofNullable(f.unit())));
  }

  /**
   * A {@code metric_name}, the gauge's name the query chose. A derived name ({@code dynatrace_} and
   * the metric key) depends on the unit Dynatrace answers with, and is not known before a poll.
   */
  @Override
  public List<ExportedFamily> families(QuerySpec spec) {
    return ((DynatraceQuerySpec) spec)
        .metricName()
        .map(name -> List.of(ExportedFamily.chosenGauge(name, "metric_name")))
        .orElse(List.of());
  }

  @Override
  public Source open(String name, SourceSettings settings, SourceContext context) {
    return new DynatraceSource(name, (DynatraceSettings) settings, context);
  }
}
