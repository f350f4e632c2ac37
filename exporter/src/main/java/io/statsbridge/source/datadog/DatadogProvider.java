package io.statsbridge.source.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.Durations;
import io.statsbridge.config.ExportedFamily;
import io.statsbridge.config.QuerySpec;
import io.statsbridge.config.Secret;
import io.statsbridge.config.SourceSettings;
import io.statsbridge.exposition.MetricFamily;
import io.statsbridge.source.ProxySettings;
import io.statsbridge.source.RecordProvider;
import io.statsbridge.source.Source;
import io.statsbridge.source.SourceContext;
import io.statsbridge.source.Urls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/** {@code type: datadog}: Cloud Network Monitoring aggregated connections. */
public final class DatadogProvider
    extends RecordProvider<DatadogProvider.SourceFields, DatadogProvider.QueryFields> {
  static final int MAX_GROUP_BY = 10;
  static final int MAX_LIMIT = 7500;
  static final int DEFAULT_LIMIT = 100;

  /** "The default collection interval is five minutes" (Network Performance Monitoring docs). */
  static final Duration DEFAULT_GRANULARITY = Duration.ofMinutes(5);

  record SourceFields(
      String site,
      String baseUrl,
      String apiKey,
      String apiKeyFile,
      String appKey,
      String appKeyFile,
      String granularity,
      String proxyUrl,
      String noProxy,
      Boolean proxyFromEnvironment,
      JsonNode proxyConnectHeader) {}

  record QueryFields(
      List<String> groupBy,
      List<String> tags,
      String query,
      Integer limit,
      List<String> attributes) {}

  public DatadogProvider() {
    super("datadog", SourceFields.class, QueryFields.class);
  }

  @Override
  protected Optional<SourceSettings> settings(ConfigNode node, SourceFields f) {
    HttpUrl base = null;
    if (f.baseUrl() != null) {
      base = Urls.optional(node, "base_url", f.baseUrl()).orElse(null);
    } else {
      String site = f.site() == null ? DatadogSites.DEFAULT : f.site();
      base = DatadogSites.api(site).orElse(null);
      if (base == null) {
        node.problem("site", DatadogSites.unknown(site));
      }
    }
    Optional<Secret> apiKey = node.secret("api_key", f.apiKey(), f.apiKeyFile());
    Optional<Secret> appKey = node.secret("app_key", f.appKey(), f.appKeyFile());
    Optional<ProxySettings> proxy =
        ProxySettings.read(
            node,
            new ProxySettings.Keys(
                f.proxyUrl(), f.noProxy(), f.proxyFromEnvironment(), f.proxyConnectHeader()));
    Duration granularity = node.duration("granularity", f.granularity(), DEFAULT_GRANULARITY);
    if (granularity.compareTo(Duration.ofSeconds(1)) < 0 || granularity.toMillis() % 1000 != 0) {
      node.problem(
          "granularity",
          "must be a whole number of seconds, at least 1s (got "
              + Durations.format(granularity)
              + ")");
      return Optional.empty();
    }
    if (base == null || apiKey.isEmpty() || appKey.isEmpty() || proxy.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DatadogSettings(base, apiKey.get(), appKey.get(), granularity, proxy.get()));
  }

  @Override
  protected Optional<QuerySpec> spec(ConfigNode node, QueryFields f) {
    boolean ok = true;
    List<String> groupBy = f.groupBy() == null ? List.of() : f.groupBy();
    if (groupBy.size() > MAX_GROUP_BY) {
      node.problem(
          "group_by", "must have at most " + MAX_GROUP_BY + " keys (got " + groupBy.size() + ")");
      ok = false;
    }
    for (int i = 0; i < groupBy.size(); i++) {
      String key = groupBy.get(i);
      if (key == null || key.isBlank() || key.contains(",")) {
        node.problem("group_by[" + i + "]", "must be a non-empty field name without commas");
        ok = false;
      } else if (groupBy.indexOf(key) != i) {
        node.problem("group_by[" + i + "]", "duplicate group-by key \"" + key + "\"");
        ok = false;
      }
    }
    List<String> tags = f.tags() == null ? List.of() : f.tags();
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i) == null || tags.get(i).isBlank() || tags.get(i).contains(",")) {
        node.problem("tags[" + i + "]", "must be a non-empty tag without commas");
        ok = false;
      }
    }
    int limit = Objects.requireNonNullElse(f.limit(), DEFAULT_LIMIT);
    if (limit < 1) {
      node.problem("limit", "must be at least 1 (got " + limit + ")");
      ok = false;
    } else if (limit > MAX_LIMIT) {
      node.problem("limit", "must be at most " + MAX_LIMIT + " (got " + limit + ")");
      ok = false;
    }
    Optional<List<DatadogAttribute>> attributes = attributes(node, f.attributes());
    if (!ok || attributes.isEmpty()) {
      return Optional.empty();
    }
    String query = f.query() == null ? "" : f.query();
    return Optional.of(new DatadogQuerySpec(groupBy, tags, query, limit, attributes.get()));
  }

  /**
   * The attributes to export; all by default. The RTT of several rows with one label set is their
   * mean weighted by packets, so it comes only with both packet counters.
   */
  private static Optional<List<DatadogAttribute>> attributes(ConfigNode node, List<String> names) {
    Optional<List<DatadogAttribute>> chosen =
        node.subset("attributes", names, DatadogAttribute.NAMES)
            .map(list -> list.stream().map(DatadogAttribute::named).toList());
    if (chosen.isPresent()
        && chosen.get().contains(DatadogAttribute.RTT_MICRO_SECONDS)
        && !chosen
            .get()
            .containsAll(
                List.of(
                    DatadogAttribute.PACKETS_SENT_BY_CLIENT,
                    DatadogAttribute.PACKETS_SENT_BY_SERVER))) {
      node.problem(
          "attributes",
          "rtt_micro_seconds is averaged weighted by packets: list packets_sent_by_client and"
              + " packets_sent_by_server too");
      return Optional.empty();
    }
    return chosen;
  }

  /** The families of the query's attributes: counters and gauges of fixed names. */
  @Override
  public List<ExportedFamily> families(QuerySpec spec) {
    return DatadogAttribute.families(((DatadogQuerySpec) spec).attributes()).stream()
        .map(
            f ->
                f.kind() == MetricFamily.Kind.COUNTER
                    ? ExportedFamily.counter(f.name())
                    : ExportedFamily.gauge(f.name()))
        .toList();
  }

  @Override
  public Source open(String name, SourceSettings settings, SourceContext context) {
    return new DatadogSource(name, (DatadogSettings) settings, context);
  }
}
