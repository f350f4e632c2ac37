package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Info;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import io.statsbridge.exposition.Exposition.Format;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SamplesTextTest {
  private static String write(Format format, List<MetricFamilySamples> families)
      throws IOException {
    StringWriter out = new StringWriter();
    SamplesText.write(out, format, Collections.enumeration(families));
    return out.toString();
  }

  private static List<MetricFamilySamples> collect(Collector... collectors) {
    CollectorRegistry registry = new CollectorRegistry(true);
    for (Collector c : collectors) {
      c.register(registry);
    }
    return Collections.list(registry.metricFamilySamples());
  }

  @Test
  void labelsHaveNoTrailingCommaAndWholeNumbersNoFraction() throws IOException {
    GaugeMetricFamily up = new GaugeMetricFamily("x_up", "1 if up.", List.of("query", "source"));
    up.addMetric(List.of("a", "dd"), 1);
    up.addMetric(List.of("b", "dd"), 0);
    GaugeMetricFamily ratio = new GaugeMetricFamily("x_ratio", "A part.", 0.25);
    GaugeMetricFamily odd = new GaugeMetricFamily("x_odd", "Odd values.", List.of("v"));
    odd.addMetric(List.of("big"), 1e15);
    odd.addMetric(List.of("inf"), Double.POSITIVE_INFINITY);
    odd.addMetric(List.of("nan"), Double.NaN);
    odd.addMetric(List.of("neg"), -3);
    odd.addMetric(List.of("tenth"), 0.1);
    assertEquals(
        """
        # HELP x_up 1 if up.
        # TYPE x_up gauge
        x_up{query="a",source="dd"} 1
        x_up{query="b",source="dd"} 0
        # HELP x_ratio A part.
        # TYPE x_ratio gauge
        x_ratio 0.25
        # HELP x_odd Odd values.
        # TYPE x_odd gauge
        x_odd{v="big"} 1.0E15
        x_odd{v="inf"} +Inf
        x_odd{v="nan"} NaN
        x_odd{v="neg"} -3
        x_odd{v="tenth"} 0.1
        """,
        write(Format.TEXT_004, List.of(up, ratio, odd)));
  }

  @Test
  void labelValuesAndHelpAreEscapedAsTheDataIs() throws IOException {
    GaugeMetricFamily g =
        new GaugeMetricFamily("x", "Help \"quoted\" \\ and\nmore.", List.of("query"));
    g.addMetric(List.of("a\"b\\c\nd ünï"), 2);
    StringBuilder data = new StringBuilder();
    Exposition.appendLabelValue(data, "a\"b\\c\nd ünï");
    assertEquals(
        "# HELP x Help \"quoted\" \\\\ and\\nmore.\n# TYPE x gauge\nx{query=" + data + "} 2\n",
        write(Format.TEXT_004, List.of(g)));
    assertEquals(
        "# TYPE x gauge\n# HELP x Help \\\"quoted\\\" \\\\ and\\nmore.\nx{query=" + data + "} 2\n",
        write(Format.OPENMETRICS, List.of(g)));
    for (Format format : Format.values()) {
      String header =
          new String(
              Exposition.header(MetricFamily.gauge("x", "Help \"quoted\" \\ and\nmore."), format),
              StandardCharsets.UTF_8);
      assertTrue(write(format, List.of(g)).startsWith(header), "the data's header, " + format);
    }
  }

  @Test
  void countersAreNamedPerFormatAndCreatedIsOpenMetricsOnly() throws IOException {
    Counter polls =
        Counter.build("x_polls", "Polls.").labelNames("query").create(); // has _created samples
    polls.labels("q").inc(3);
    CounterMetricFamily rows = new CounterMetricFamily("x_rows_total", "Rows.", 7);
    List<MetricFamilySamples> families = new ArrayList<>(collect(polls));
    families.add(rows);
    String text = write(Format.TEXT_004, families);
    assertEquals(
        """
        # HELP x_polls_total Polls.
        # TYPE x_polls_total counter
        x_polls_total{query="q"} 3
        # HELP x_rows_total Rows.
        # TYPE x_rows_total counter
        x_rows_total 7
        """,
        text);
    String om = write(Format.OPENMETRICS, families);
    assertTrue(
        om.startsWith(
            """
            # TYPE x_polls counter
            # HELP x_polls Polls.
            x_polls_total{query="q"} 3
            x_polls_created{query="q"} """),
        om);
    assertTrue(
        om.endsWith(
            """
            # TYPE x_rows counter
            # HELP x_rows Rows.
            x_rows_total 7
            """),
        om);
    assertFalse(om.contains("# EOF"), "the caller ends the body, after the data");
  }

  @Test
  void infoIsAGaugeInTheTextFormatAndAnInfoInOpenMetrics() throws IOException {
    Info info = Info.build("x_build", "Build.").create();
    info.info("version", "1.2");
    List<MetricFamilySamples> families = collect(info);
    assertEquals(
        """
        # HELP x_build_info Build.
        # TYPE x_build_info gauge
        x_build_info{version="1.2"} 1
        """,
        write(Format.TEXT_004, families));
    assertEquals(
        """
        # TYPE x_build info
        # HELP x_build Build.
        x_build_info{version="1.2"} 1
        """,
        write(Format.OPENMETRICS, families));
  }

  @Test
  void aGaugeHistogramsCountAndSumAreGaugesInTheTextFormat() throws IOException {
    MetricFamilySamples g =
        new MetricFamilySamples(
            "x_queue",
            Collector.Type.GAUGE_HISTOGRAM,
            "Queue.",
            List.of(
                new Sample("x_queue_bucket", List.of("le"), List.of("+Inf"), 4),
                new Sample("x_queue_gcount", List.of(), List.of(), 4),
                new Sample("x_queue_gsum", List.of(), List.of(), 2.5)));
    assertEquals(
        """
        # HELP x_queue Queue.
        # TYPE x_queue histogram
        x_queue_bucket{le="+Inf"} 4
        # HELP x_queue_gcount Queue.
        # TYPE x_queue_gcount gauge
        x_queue_gcount 4
        # HELP x_queue_gsum Queue.
        # TYPE x_queue_gsum gauge
        x_queue_gsum 2.5
        """,
        write(Format.TEXT_004, List.of(g)));
    assertEquals(
        """
        # TYPE x_queue gaugehistogram
        # HELP x_queue Queue.
        x_queue_bucket{le="+Inf"} 4
        x_queue_gcount 4
        x_queue_gsum 2.5
        """,
        write(Format.OPENMETRICS, List.of(g)));
  }

  /**
   * The JVM's and Caffeine's real families, one collection written by both writers: the same series
   * with the same values, only spelled differently ({@code _created} aside, which the text format
   * leaves out).
   */
  @Test
  void theJvmsAndTheCachesFamiliesSayWhatSimpleclientSaid() throws IOException {
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    Cache<String, String> cache = Caffeine.newBuilder().recordStats().build();
    cache.put("k", "v");
    cache.getIfPresent("k");
    cache.getIfPresent("missing");
    CacheMetricsCollector caches = new CacheMetricsCollector();
    caches.addCache("c", cache);
    caches.register(registry);
    List<MetricFamilySamples> families = Collections.list(registry.metricFamilySamples());
    for (Format format : Format.values()) {
      String contentType =
          format == Format.OPENMETRICS
              ? TextFormat.CONTENT_TYPE_OPENMETRICS_100
              : TextFormat.CONTENT_TYPE_004;
      StringWriter theirs = new StringWriter();
      TextFormat.writeFormat(contentType, theirs, Collections.enumeration(families));
      String ours = write(format, families);
      Map<String, Double> expected = series(theirs.toString());
      if (format == Format.TEXT_004) {
        expected.keySet().removeIf(s -> s.matches("[a-z_]+_created(\\{.*)?"));
      }
      assertEquals(expected, series(ours), format.name());
      assertEquals(headers(theirs.toString(), format), headers(ours, format), format.name());
      assertFalse(ours.contains(",}"), ours);
      assertFalse(ours.matches("(?s).* -?\\d+\\.0\n.*"), ours);
    }
  }

  /** Series (name and labels, the trailing comma dropped) → value. */
  private static Map<String, Double> series(String text) {
    Map<String, Double> out = new TreeMap<>();
    text.lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(
            l -> {
              int space = l.lastIndexOf(' ');
              String value = l.substring(space + 1).replace("Inf", "Infinity");
              out.put(l.substring(0, space).replace(",}", "}"), Double.valueOf(value));
            });
    return out;
  }

  /** The TYPE lines, and the UNIT lines of OpenMetrics; the EOF line left out. */
  private static List<String> headers(String text, Format format) {
    return text.lines()
        .filter(l -> l.startsWith("# TYPE") || l.startsWith("# UNIT") || l.startsWith("# HELP"))
        .filter(l -> format == Format.OPENMETRICS || !l.contains("_created"))
        .toList();
  }
}
