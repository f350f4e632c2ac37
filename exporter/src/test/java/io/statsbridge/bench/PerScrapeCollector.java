package io.statsbridge.bench;

import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;

/**
 * What an exporter that renders on every scrape does: each {@code collect()} builds the 17 families
 * and a sample for every row from the stored values, for {@code simpleclient}'s text writer to
 * format (and gzip) per request. The stored side is kind to it: label lists are built once, when
 * rows arrive, so a scrape pays only for samples, text and compression.
 */
final class PerScrapeCollector extends Collector {
  private final List<UpstreamRows.Query> queries;

  PerScrapeCollector(List<UpstreamRows.Query> queries) {
    this.queries = List.copyOf(queries);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> families = new ArrayList<>(Family.DATADOG.size());
    for (int f = 0; f < Family.DATADOG.size(); f++) {
      Family family = Family.DATADOG.get(f);
      List<MetricFamilySamples.Sample> samples = new ArrayList<>();
      for (UpstreamRows.Query query : queries) {
        for (UpstreamRows.Row row : query.rows()) {
          samples.add(
              new MetricFamilySamples.Sample(
                  family.sampleName(),
                  query.labelNames(),
                  row.labelValues(),
                  row.values()[f] * family.factor()));
        }
      }
      families.add(new MetricFamilySamples(family.name(), family.type(), family.help(), samples));
    }
    return families;
  }
}
