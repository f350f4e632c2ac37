package io.statsbridge.exposition;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import io.statsbridge.exposition.Exposition.Format;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * simpleclient's families (statsbridge's own, the JVM's, Caffeine's) spelled as the data families
 * are: labels without simpleclient 0.16's trailing comma, values as {@link Numbers} writes them
 * ({@code 1}, not {@code 1.0}), HELP escaped as {@link Exposition#header} escapes it.
 *
 * <p>Per format, as simpleclient names things: the text format's HELP and TYPE name a counter by
 * its sample name ({@code _total}) and an info by {@code _info}; OpenMetrics names the family and
 * adds {@code # UNIT}. A {@code _created} sample is written in OpenMetrics only: the text format
 * has no such thing, and a Prometheus reading it there takes it for a gauge of its own
 * (simpleclient 0.16 wrote them so; client_java 1.x does not by default). A gauge histogram's
 * {@code _gcount} and {@code _gsum} become gauges after the other families in the text format, as
 * simpleclient writes them. The caller ends an OpenMetrics body with {@code # EOF}. Exemplars are
 * not written: the build leaves out the tracers that would attach them.
 */
public final class SamplesText {
  private SamplesText() {}

  public static void write(Writer out, Format format, Enumeration<MetricFamilySamples> families)
      throws IOException {
    byte[] number = new byte[Numbers.MAX_LENGTH];
    Map<String, List<Sample>> gaugeHistogramParts = new TreeMap<>();
    Map<String, String> gaugeHistogramHelp = new TreeMap<>();
    while (families.hasMoreElements()) {
      MetricFamilySamples family = families.nextElement();
      header(out, format, family);
      String created = family.name + "_created";
      for (Sample sample : family.samples) {
        if (format == Format.TEXT_004) {
          if (sample.name.equals(created)) {
            continue;
          }
          if (family.type == Type.GAUGE_HISTOGRAM
              && (sample.name.equals(family.name + "_gcount")
                  || sample.name.equals(family.name + "_gsum"))) {
            gaugeHistogramParts.computeIfAbsent(sample.name, k -> new ArrayList<>()).add(sample);
            gaugeHistogramHelp.put(sample.name, family.help);
            continue;
          }
        }
        sample(out, format, sample, number);
      }
    }
    for (Map.Entry<String, List<Sample>> part : gaugeHistogramParts.entrySet()) {
      String name = part.getKey();
      header(
          out,
          format,
          new MetricFamilySamples(name, Type.GAUGE, gaugeHistogramHelp.get(name), List.of()));
      for (Sample sample : part.getValue()) {
        sample(out, format, sample, number);
      }
    }
  }

  private static void header(Writer out, Format format, MetricFamilySamples family)
      throws IOException {
    String help = Exposition.escapeHelp(family.help, format);
    if (format == Format.OPENMETRICS) {
      line(out, "# TYPE ", family.name, openMetricsType(family.type));
      if (!family.unit.isEmpty()) {
        line(out, "# UNIT ", family.name, family.unit);
      }
      line(out, "# HELP ", family.name, help);
    } else {
      String name =
          switch (family.type) {
            case COUNTER -> family.name + "_total";
            case INFO -> family.name + "_info";
            default -> family.name;
          };
      line(out, "# HELP ", name, help);
      line(out, "# TYPE ", name, textType(family.type));
    }
  }

  private static void line(Writer out, String keyword, String name, String text)
      throws IOException {
    out.write(keyword);
    out.write(name);
    out.write(' ');
    out.write(text);
    out.write('\n');
  }

  private static void sample(Writer out, Format format, Sample sample, byte[] number)
      throws IOException {
    out.write(sample.name);
    if (!sample.labelNames.isEmpty()) {
      out.write('{');
      for (int i = 0; i < sample.labelNames.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(sample.labelNames.get(i));
        out.write('=');
        labelValue(out, sample.labelValues.get(i));
      }
      out.write('}');
    }
    out.write(' ');
    int end = Numbers.write(sample.value, number, 0);
    for (int i = 0; i < end; i++) {
      out.write(number[i]); // ASCII
    }
    if (sample.timestampMs != null) {
      long ms = sample.timestampMs;
      out.write(' ');
      out.write(
          format == Format.OPENMETRICS
              ? Math.floorDiv(ms, 1000) + "." + String.format("%03d", Math.floorMod(ms, 1000))
              : Long.toString(ms));
    }
    out.write('\n');
  }

  /** {@code "value"} with the escapes of {@link Exposition#appendLabelValue}. */
  private static void labelValue(Writer out, String value) throws IOException {
    out.write('"');
    int plain = 0;
    for (int i = 0; i < value.length(); i++) {
      String escape =
          switch (value.charAt(i)) {
            case '\\' -> "\\\\";
            case '"' -> "\\\"";
            case '\n' -> "\\n";
            default -> null;
          };
      if (escape != null) {
        out.write(value, plain, i - plain);
        out.write(escape);
        plain = i + 1;
      }
    }
    out.write(value, plain, value.length() - plain);
    out.write('"');
  }

  private static String textType(Type type) {
    return switch (type) {
      case GAUGE, STATE_SET, INFO -> "gauge";
      case COUNTER -> "counter";
      case SUMMARY -> "summary";
      case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
      default -> "untyped";
    };
  }

  private static String openMetricsType(Type type) {
    return switch (type) {
      case GAUGE -> "gauge";
      case COUNTER -> "counter";
      case SUMMARY -> "summary";
      case HISTOGRAM -> "histogram";
      case GAUGE_HISTOGRAM -> "gaugehistogram";
      case STATE_SET -> "stateset";
      case INFO -> "info";
      default -> "unknown";
    };
  }
}
