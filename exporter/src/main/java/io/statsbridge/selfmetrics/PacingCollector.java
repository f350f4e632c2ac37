package io.statsbridge.selfmetrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.statsbridge.pacing.ScrapesFirst;
import java.util.List;

/** How long polls have waited for scrapes: what putting scrapes first costs the polls. */
public final class PacingCollector extends Collector {
  private final ScrapesFirst scrapes;

  public PacingCollector(ScrapesFirst scrapes) {
    this.scrapes = scrapes;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return List.of(
        new CounterMetricFamily(
            "statsbridge_poll_stood_aside_seconds",
            "Time poll threads stood aside at their checkpoints while scrapes were answered, all"
                + " threads together.",
            scrapes.stoodAsideNanos() / 1e9));
  }
}
