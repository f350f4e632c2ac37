package io.statsbridge.source.trafficops;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.ExportedFamily;
import io.statsbridge.config.FileProblems;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.source.ProxySettings;
import io.statsbridge.source.RecordProvider;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.Urls;
import java.nio.file.InvalidPathException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** {@code type: traffic_ops}: Apache Traffic Control's CDN and per-cache statistics. */
public final class TrafficOpsProvider
    extends RecordProvider<TrafficOpsProvider.SourceFields, TrafficOpsProvider.QueryFields> {
  private static final Pattern API_VERSION = Pattern.compile("[345]\\.\\d{1,2}");
  private static final Pattern INFLUX_DURATION = Pattern.compile("\\d+[mhdw]");

  record Tls(String caFile, Boolean insecureSkipVerify) {}

  record SourceFields(
      String url,
      String apiVersion,
      String username,
      String usernameFile,
      String password,
      String passwordFile,
      Tls tls,
      String proxyUrl,
      String noProxy,
      Boolean proxyFromEnvironment,
      JsonNode proxyConnectHeader) {}

  record QueryFields(
      List<String> cdns,
      List<String> metricTypes,
      Boolean perCache,
      String exclude,
      String statsInterval,
      List<String> stats) {}

  public TrafficOpsProvider() {
    super("traffic_ops", SourceFields.class, QueryFields.class);
  }

  @Override
  protected Optional<SourceSettings> settings(ConfigNode node, SourceFields f) {
    HttpUrl url =
        Urls.required(node, "url", f.url(), "https://trafficops.example.net").orElse(null);
    boolean ok = url != null;
    String version = f.apiVersion() == null ? "4.0" : f.apiVersion();
    if (!API_VERSION.matcher(version).matches()
        || version.compareTo("3.0") < 0
        || version.compareTo("5.9") > 0) {
      node.problem(
          "api_version",
          "must be a Traffic Ops API version from 3.0 to 5.x (got \"" + version + "\")");
      ok = false;
    }
    Optional<Secret> username = node.secretInBody("username", f.username(), f.usernameFile());
    Optional<Secret> password = node.secretInBody("password", f.password(), f.passwordFile());
    List<X509Certificate> cas = new ArrayList<>();
    boolean insecure = false;
    if (f.tls() != null) {
      insecure = Boolean.TRUE.equals(f.tls().insecureSkipVerify());
      if (f.tls().caFile() != null) {
        try {
          cas.addAll(FileProblems.readCertificates(node.file(f.tls().caFile())));
        } catch (FileProblems.Unusable e) {
          node.problem(
              "tls.ca_file",
              "cannot read PEM certificates from "
                  + node.file(f.tls().caFile())
                  + ": "
                  + e.getMessage());
          ok = false;
        } catch (InvalidPathException e) {
          node.problem("tls.ca_file", "is not a valid path");
          ok = false;
        }
      }
    }
    Optional<ProxySettings> proxy =
        ProxySettings.read(
            node,
            new ProxySettings.Keys(
                f.proxyUrl(), f.noProxy(), f.proxyFromEnvironment(), f.proxyConnectHeader()));
    if (!ok || username.isEmpty() || password.isEmpty() || proxy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TrafficOpsSettings(
            url, version, username.get().value(), password.get(), cas, insecure, proxy.get()));
  }

  @Override
  protected Optional<QuerySpec> spec(ConfigNode node, QueryFields f) {
    boolean ok = true;
    List<String> cdns = f.cdns() == null ? List.of() : f.cdns();
    boolean perCache = Boolean.TRUE.equals(f.perCache());
    if (cdns.isEmpty() && !perCache) {
      node.problem("cdns", "is required: list the CDNs to poll, or set per_cache: true");
      ok = false;
    }
    for (int i = 0; i < cdns.size(); i++) {
      if (cdns.get(i) == null || cdns.get(i).isBlank()) {
        node.problem("cdns[" + i + "]", "must be a CDN name");
        ok = false;
      }
    }
    List<MetricType> types = new ArrayList<>();
    List<String> names =
        f.metricTypes() == null ? List.of("bandwidth", "connections", "maxkbps") : f.metricTypes();
    for (int i = 0; i < names.size(); i++) {
      Optional<MetricType> t = Optional.ofNullable(names.get(i)).flatMap(MetricType::of);
      if (t.isEmpty()) {
        node.problem(
            "metric_types[" + i + "]",
            "must be one of bandwidth, connections, maxkbps (got \"" + names.get(i) + "\")");
        ok = false;
      } else if (!types.contains(t.get())) {
        types.add(t.get());
      }
    }
    if (f.exclude() != null && !Arrays.asList("series", "summary").contains(f.exclude())) {
      node.problem("exclude", "must be series or summary (got \"" + f.exclude() + "\")");
      ok = false;
    }
    String interval = f.statsInterval() == null ? "1m" : f.statsInterval();
    if (!INFLUX_DURATION.matcher(interval).matches()) {
      node.problem(
          "stats_interval",
          "must be an InfluxQL duration such as 1m, 5m or 1h (got \"" + interval + "\")");
      ok = false;
    }
    Optional<List<String>> stats = stats(node, f);
    if (!ok || stats.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TrafficOpsQuerySpec(
            cdns, types, perCache, Optional.ofNullable(f.exclude()), interval, stats.get()));
  }

  /** The summary statistics to export; all by default. */
  private static Optional<List<String>> stats(ConfigNode node, QueryFields f) {
    if (f.stats() != null && "summary".equals(f.exclude())) {
      node.problem("stats", "chooses summary statistics, but exclude: summary leaves them out");
      return Optional.empty();
    }
    if (f.stats() != null && f.stats().isEmpty()) {
      node.problem(
          "stats",
          "must name at least one of "
              + String.join(", ", TrafficOpsParser.STATS)
              + "; to export none, set exclude: summary");
      return Optional.empty();
    }
    return node.subset("stats", f.stats(), TrafficOpsParser.STATS);
  }

  /** The per-CDN families when it lists CDNs, the per-cache ones with {@code per_cache}; gauges. */
  @Override
  public List<ExportedFamily> families(QuerySpec spec) {
    TrafficOpsQuerySpec q = (TrafficOpsQuerySpec) spec;
    List<MetricFamily> families = new ArrayList<>();
    if (!q.cdns().isEmpty()) {
      families.addAll(TrafficOpsQuery.CDN_FAMILIES);
      families.addAll(TrafficOpsQuery.STATS_FAMILIES);
    }
    if (q.perCache()) {
      families.addAll(TrafficOpsQuery.CACHE_FAMILIES);
    }
    return families.stream().map(f -> ExportedFamily.gauge(f.name())).toList();
  }

  @Override
  public Source open(String name, SourceSettings settings, SourceContext context) {
    return new TrafficOpsSource(name, (TrafficOpsSettings) settings, context);
  }
}
