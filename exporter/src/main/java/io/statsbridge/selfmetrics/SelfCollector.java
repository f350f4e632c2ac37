package io.statsbridge.selfmetrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.statsbridge.status.BuildInfo;
import io.statsbridge.status.ExporterStatus;
import io.statsbridge.status.Outcome;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.status.StorageStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** statsbridge's own families, built from published snapshots; never touches the network. */
public final class SelfCollector extends Collector {
  private final ExporterStatus telemetry;

  public SelfCollector(ExporterStatus telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<String> query = List.of("query");
    GaugeMetricFamily up =
        new GaugeMetricFamily(
            "statsbridge_up", "1 if the query's last poll succeeded and its data is fresh.", query);
    CounterMetricFamily polls =
        new CounterMetricFamily(
            "statsbridge_polls",
            "Polls by outcome (success, error, timeout, rate_limited, skipped).",
            List.of("query", "source", "outcome"));
    GaugeMetricFamily duration =
        new GaugeMetricFamily(
            "statsbridge_poll_duration_seconds",
            "Duration of the query's last poll, retries included.",
            query);
    GaugeMetricFamily lastSuccess =
        new GaugeMetricFamily(
            "statsbridge_last_success_timestamp_seconds",
            "Unix time of the query's last successful poll: the age of its data.",
            query);
    GaugeMetricFamily rows =
        new GaugeMetricFamily(
            "statsbridge_rows", "Rows the query's last successful poll returned.", query);
    GaugeMetricFamily series =
        new GaugeMetricFamily(
            "statsbridge_series",
            "Series the query exposes on /metrics now, by family (sample name).",
            List.of("query", "family"));
    GaugeMetricFamily truncated =
        new GaugeMetricFamily(
            "statsbridge_query_truncated",
            "1 if the last result was probably cut (rows reached limit or max_rows, or the upstream said so); the landing page says why.",
            query);
    GaugeMetricFamily noData =
        new GaugeMetricFamily(
            "statsbridge_query_no_data",
            "1 if the last successful poll asked for data and the upstream had none for any of it.",
            query);
    GaugeMetricFamily warnings =
        new GaugeMetricFamily(
            "statsbridge_upstream_warnings",
            "Warnings the upstream gave with the last successful poll's result; the landing page shows them.",
            query);
    CounterMetricFamily skippedRows =
        new CounterMetricFamily(
            "statsbridge_rows_skipped",
            "Rows an upstream sent that could not be used (fields missing, values out of range).",
            query);
    CounterMetricFamily skipped =
        new CounterMetricFamily(
            "statsbridge_window_skipped_seconds",
            "Upstream time never fetched because a catch-up window would exceed max_window.",
            query);
    List<QueryStatus> statuses = telemetry.statuses();
    for (QueryStatus s : statuses) {
      List<String> q = List.of(s.query());
      boolean ok = s.lastOutcome().map(o -> o == Outcome.SUCCESS).orElse(false);
      up.addMetric(q, ok && telemetry.fresh(s.query()) ? 1 : 0);
      for (Outcome o : Outcome.values()) {
        polls.addMetric(List.of(s.query(), s.source(), o.label()), s.polls(o));
      }
      if (s.lastOutcome().isPresent()) {
        duration.addMetric(q, s.lastDuration().toNanos() / 1e9);
      }
      s.lastSuccess().ifPresent(t -> lastSuccess.addMetric(q, t.toEpochMilli() / 1000.0));
      rows.addMetric(q, s.rows());
      telemetry
          .seriesByFamily(s.query())
          .forEach((family, n) -> series.addMetric(List.of(s.query(), family), n));
      truncated.addMetric(q, s.truncated() ? 1 : 0);
      noData.addMetric(q, s.remarks().noData() ? 1 : 0);
      warnings.addMetric(q, s.remarks().warnings().size());
      skippedRows.addMetric(q, s.skippedRows());
      skipped.addMetric(q, s.skippedSeconds());
    }
    GaugeMetricFamily remaining =
        new GaugeMetricFamily(
            "statsbridge_upstream_ratelimit_remaining",
            "Requests left in the upstream's rate-limit period (X-RateLimit-Remaining).",
            List.of("source"));
    for (Map.Entry<String, OptionalDouble> e : telemetry.rateLimitRemaining().entrySet()) {
      e.getValue().ifPresent(v -> remaining.addMetric(List.of(e.getKey()), v));
    }
    GaugeMetricFamily build =
        new GaugeMetricFamily(
            "statsbridge_build_info",
            "Always 1; the labels tell the running version.",
            List.of("version", "revision", "javaversion"));
    build.addMetric(
        List.of(BuildInfo.VERSION, BuildInfo.REVISION, System.getProperty("java.version", "")), 1);
    GaugeMetricFamily reloadOk =
        new GaugeMetricFamily(
            "statsbridge_config_last_reload_successful",
            "1 if the last configuration load succeeded.",
            telemetry.lastReloadSuccessful() ? 1 : 0);
    GaugeMetricFamily reloadTime =
        new GaugeMetricFamily(
            "statsbridge_config_last_reload_success_timestamp_seconds",
            "Unix time of the last successful configuration load.",
            telemetry.lastReloadSuccess().map(t -> t.toEpochMilli() / 1000.0).orElse(0.0));
    GaugeMetricFamily shard =
        new GaugeMetricFamily(
            "statsbridge_shard_info",
            "Always 1; index and count of --shard: this replica polls the queries whose name's CRC-32 mod count is index.",
            List.of("index", "count"));
    shard.addMetric(
        List.of(
            Integer.toString(telemetry.shard().index()),
            Integer.toString(telemetry.shard().count())),
        1);
    GaugeMetricFamily polled =
        new GaugeMetricFamily(
            "statsbridge_queries_polled",
            "Queries this replica polls: those of its --shard, all of them without one. 0 on a shard that holds none of the configured queries.",
            statuses.size());
    GaugeMetricFamily configured =
        new GaugeMetricFamily(
            "statsbridge_queries_configured",
            "Queries in the running configuration, on every shard.",
            telemetry.configuredQueries());
    StorageStatus storage = telemetry.storage();
    CounterMetricFamily storageFailures =
        new CounterMetricFamily(
            "statsbridge_storage_write_failures",
            "Failed writes of the window cursors to --storage.path; while they fail, scrapes carry no window past the last saved cursor.",
            storage.failures());
    GaugeMetricFamily storageOk =
        new GaugeMetricFamily(
            "statsbridge_storage_last_write_successful",
            "1 if the last write of the window cursors succeeded (or none failed yet); absent without --storage.path.",
            List.of());
    if (storage.enabled()) {
      storageOk.addMetric(List.of(), storage.failing() ? 0 : 1);
    }
    List<MetricFamilySamples> out = new ArrayList<>();
    out.addAll(
        List.of(up, polls, duration, lastSuccess, rows, series, truncated, noData, warnings));
    out.addAll(List.of(skippedRows, skipped, remaining));
    out.addAll(List.of(build, reloadOk, reloadTime, shard, polled, configured));
    out.addAll(List.of(storageFailures, storageOk));
    return out;
  }
}
