package io.statsbridge.source.trafficops;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.source.Deadline;
import io.statsbridge.source.SourceException;
import io.statsbridge.source.SourceQuery;
import io.statsbridge.source.Window;
import io.statsbridge.status.Remarks;
import io.statsbridge.store.Batch;
import io.statsbridge.store.Row;
import io.statsbridge.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One poll: {@code cache_stats} for every CDN × metric type, and {@code caches/stats} when {@code
 * per_cache} is set. Any failed request fails the whole poll, so the last good data stays. A poll
 * whose every {@code cache_stats} answer had no point is a success with the no-data remark; {@code
 * caches/stats} is Traffic Monitor's live state, not the window's, and does not count.
 */
final class TrafficOpsQuery implements SourceQuery {
  static final List<MetricFamily> CDN_FAMILIES =
      Arrays.stream(MetricType.values()).map(t -> t.latest).toList();
  static final List<MetricFamily> STATS_FAMILIES =
      Arrays.stream(MetricType.values()).map(t -> t.stats).toList();

  /**
   * Two caches/stats rows with one label set are two servers (same host name, cache group, profile
   * and status): their bandwidth and connections add up, and they are healthy only if both are.
   */
  static final List<MetricFamily> CACHE_FAMILIES =
      List.of(
          MetricFamily.gauge(
              "trafficops_cache_bandwidth_bytes_per_second",
              "Bandwidth served by the cache server now.",
              Combine.sum()),
          MetricFamily.gauge(
              "trafficops_cache_connections",
              "Client connections open on the cache server now.",
              Combine.sum()),
          MetricFamily.gauge(
              "trafficops_cache_healthy",
              "1 if Traffic Monitor considers the cache server healthy, else 0.",
              Combine.min()));

  private final TrafficOpsSettings settings;
  private final Session session;
  private final TrafficOpsQuerySpec spec;

  TrafficOpsQuery(TrafficOpsSettings settings, Session session, TrafficOpsQuerySpec spec) {
    this.settings = settings;
    this.session = session;
    this.spec = spec;
  }

  /**
   * Traffic Ops selects {@code time > startDate AND time < endDate}, strict at both ends
   * (trafficstats/cache.go), and its points are integer nanoseconds. So {@code startDate} is one
   * nanosecond before {@code from} ({@code time > from − 1 ns} is {@code time ≥ from}) and {@code
   * endDate} is {@code to}: exactly the points of {@code [from, to)}, whatever their stamps and the
   * {@code interval}, which groups the series but selects nothing. RFC 3339 with nanoseconds is
   * what its parseTime reads first.
   */
  static String startDate(Window window) {
    return window.from().minusNanos(1).toString();
  }

  static String endDate(Window window) {
    return window.to().toString();
  }

  HttpUrl cacheStatsUrl(String cdn, MetricType type, Window window) {
    HttpUrl.Builder url =
        settings
            .api("cache_stats")
            .newBuilder()
            .addQueryParameter("cdnName", cdn)
            .addQueryParameter("metricType", type.api)
            .addQueryParameter("startDate", startDate(window))
            .addQueryParameter("endDate", endDate(window))
            .addQueryParameter("interval", spec.statsInterval());
    spec.exclude().ifPresent(e -> url.addQueryParameter("exclude", e));
    return url.build();
  }

  @Override
  public Batch fetch(Window window, Deadline deadline) throws SourceException {
    List<Row> cdnRows = new ArrayList<>();
    List<Row> statsRows = new ArrayList<>();
    NotFinite notFinite = new NotFinite();
    boolean asked = false;
    boolean answered = false;
    for (String cdn : spec.cdns()) {
      double[] latest = nans(MetricType.values().length);
      double[][] stats = new double[TrafficOpsParser.STATS.size()][];
      for (int s = 0; s < stats.length; s++) {
        stats[s] = nans(MetricType.values().length);
      }
      for (MetricType type : spec.metricTypes()) {
        TrafficOpsParser.CacheStats result = cacheStats(cdn, type, window, deadline);
        asked = true;
        answered |= result.hasData();
        String series = type.api + " of " + cdn + ", ";
        notFinite.add(result.skipped(), series + result.firstSkipped());
        int t = type.ordinal();
        if (result.latest().isPresent()) {
          latest[t] = notFinite.exported(type, result.latest().getAsDouble(), series + "a point");
        }
        if (result.summary().isPresent()) {
          double[] summary = result.summary().get();
          for (int s = 0; s < stats.length; s++) {
            String field = TrafficOpsParser.SUMMARY_FIELDS.get(s);
            stats[s][t] = notFinite.exported(type, summary[s], series + field);
          }
        }
      }
      cdnRows.add(new Row(List.of(cdn), latest));
      for (String stat : spec.stats()) {
        statsRows.add(new Row(List.of(cdn, stat), stats[TrafficOpsParser.STATS.indexOf(stat)]));
      }
    }
    List<Table> tables = new ArrayList<>();
    tables.add(new Table(List.of("cdn"), CDN_FAMILIES, cdnRows));
    tables.add(new Table(List.of("cdn", "stat"), STATS_FAMILIES, statsRows));
    Remarks remarks = notFinite.remarks();
    if (spec.perCache()) {
      List<Row> rows = new ArrayList<>();
      remarks = remarks.and(caches(deadline, rows));
      tables.add(
          new Table(List.of("cachegroup", "hostname", "profile", "status"), CACHE_FAMILIES, rows));
    }
    return new Batch(tables, asked && !answered ? remarks.noDataFound() : remarks);
  }

  private TrafficOpsParser.CacheStats cacheStats(
      String cdn, MetricType type, Window window, Deadline deadline) throws SourceException {
    Request.Builder request =
        new Request.Builder()
            .url(cacheStatsUrl(cdn, type, window))
            .header("Accept", "application/json;timestamp=unix");
    try {
      return session.get(request, deadline, (body, headers) -> TrafficOpsParser.cacheStats(body));
    } catch (SourceException e) {
      if (e.httpStatus() == 404) {
        throw new SourceException(
            SourceException.Kind.ERROR,
            "CDN \"" + cdn + "\" not found: check this query's cdns (" + e.getMessage() + ")",
            null,
            e,
            404);
      }
      throw e;
    }
  }

  /**
   * The per-cache rows, each made as it is read: a large answer is never held twice. Returns the
   * rows skipped, and why.
   */
  private Remarks caches(Deadline deadline, List<Row> rows) throws SourceException {
    return session.get(
        new Request.Builder()
            .url(settings.api("caches/stats"))
            .header("Accept", "application/json"),
        deadline,
        (body, headers) ->
            TrafficOpsParser.cachesStats(
                body,
                c ->
                    rows.add(
                        new Row(
                            List.of(c.cachegroup(), c.hostname(), c.profile(), c.status()),
                            new double[] {
                              MetricType.bytesPerSecond(c.kbps()), c.connections(), c.healthy()
                            }))));
  }

  /**
   * {@code cache_stats} values that cannot be samples: not finite as sent, or not finite in the
   * exported unit (kbps × 125 past a double). Each is left out and counted, the first named.
   */
  private static final class NotFinite {
    private long values;
    private String first = "";

    void add(long n, String what) {
      if (n > 0 && values == 0) {
        first = what;
      }
      values += n;
    }

    /** {@code value} in the exported unit, or NaN (counted) when that is not finite. */
    double exported(MetricType type, double value, String what) {
      double out = type.exported(value);
      if (Double.isNaN(value) || Double.isFinite(out)) {
        return out;
      }
      add(1, what + " " + value);
      return Double.NaN;
    }

    Remarks remarks() {
      return Remarks.NONE.skipped(
          values,
          (values == 1 ? "1 cache_stats value" : values + " cache_stats values")
              + " skipped: not finite, or not finite in the exported unit (the first: "
              + first
              + ")");
    }
  }

  private static double[] nans(int n) {
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    return out;
  }
}
