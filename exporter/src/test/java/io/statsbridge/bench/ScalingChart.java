package io.statsbridge.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The scaling curve: scrape p99 against series for statsbridge, the per-scrape server and the copy
 * floor (gzip, one scraper, as Prometheus scrapes), both axes logarithmic, as a PNG.
 */
final class ScalingChart {
  private ScalingChart() {}

  static Path write(BenchRun run, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(
                "/metrics scrape p99 against series: gzip, 1 scraper, "
                    + run.machine().get("cores")
                    + " cores")
            .xAxisTitle("series (log)")
            .yAxisTitle("scrape p99, ms (log)")
            .build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setXAxisDecimalPattern("#,###").setYAxisDecimalPattern("#,##0.#");
    styler.setChartBackgroundColor(Color.WHITE);
    // Room around the points for their labels.
    styler.setXAxisMin(min(run, s -> (double) s.workload().series()) / 1.8);
    styler.setXAxisMax(max(run, s -> (double) s.workload().series()) * 1.8);
    styler.setYAxisMin(min(run, s -> p99(s, Server.COPY_FLOOR)) / 2);
    styler.setYAxisMax(max(run, s -> p99(s, Server.PER_SCRAPE)) * 3);
    add(
        chart,
        run.sizes(),
        Server.PER_SCRAPE,
        "per-scrape rendering (simpleclient_httpserver 0.16)");
    add(chart, run.sizes(), Server.STATSBRIDGE, "statsbridge (pre-rendered bytes)");
    add(chart, run.sizes(), Server.COPY_FLOOR, "copy floor (a socket writing the same bytes)");
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /** One line; the two exporters' points carry their value, just above them. */
  private static void add(XYChart chart, List<SizeResult> sizes, Server server, String name) {
    double[] x = new double[sizes.size()];
    double[] y = new double[sizes.size()];
    for (int i = 0; i < sizes.size(); i++) {
      x[i] = sizes.get(i).workload().series();
      y[i] = p99(sizes.get(i), server);
      String value = String.format(Locale.ROOT, y[i] < 10 ? "%.1f ms" : "%,.0f ms", y[i]);
      if (server == Server.PER_SCRAPE) {
        value = String.format(Locale.ROOT, "%,.0f series: %s", x[i], value);
      }
      if (server != Server.COPY_FLOOR) {
        chart.addAnnotation(new AnnotationText(value, x[i], y[i] * 1.45, false));
      }
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static double p99(SizeResult size, Server server) {
    return size.figure(server, true, 1).latencies().p99();
  }

  private static double min(BenchRun run, ToDoubleFunction<SizeResult> f) {
    return run.sizes().stream().mapToDouble(f).min().orElseThrow();
  }

  private static double max(BenchRun run, ToDoubleFunction<SizeResult> f) {
    return run.sizes().stream().mapToDouble(f).max().orElseThrow();
  }
}
