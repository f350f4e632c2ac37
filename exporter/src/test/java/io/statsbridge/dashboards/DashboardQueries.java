package io.statsbridge.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.testing.PrometheusServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every panel query of every dashboard against a real Prometheus, with the variables set as
 * Grafana would set them: each query variable to the first of its real label values.
 */
public final class DashboardQueries {
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((?:(.*),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\)");

  private DashboardQueries() {}

  /** The problems found: queries Prometheus rejects, or that return nothing unexpectedly. */
  public static List<String> check(PrometheusServer prometheus, String rateWindow)
      throws Exception {
    List<String> problems = new ArrayList<>();
    for (Path file : Dashboards.files()) {
      JsonNode dashboard = Dashboards.read(file);
      Map<String, String> vars = variables(prometheus, dashboard, rateWindow);
      for (Dashboards.Target t : Dashboards.targets(dashboard)) {
        String expr = substitute(t.expr(), vars);
        try {
          JsonNode result = prometheus.query(expr);
          if (result.isEmpty() && !t.description().contains("Empty ")) {
            problems.add(t.dashboard() + " / " + t.panel() + ": no data for " + expr);
          }
        } catch (AssertionError e) {
          problems.add(t.dashboard() + " / " + t.panel() + ": " + e.getMessage());
        }
      }
    }
    return problems;
  }

  static Map<String, String> variables(
      PrometheusServer prometheus, JsonNode dashboard, String rateWindow) throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("__rate_interval", rateWindow);
    vars.put("__interval", rateWindow);
    vars.put("__range", rateWindow);
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String name = v.path("name").asText();
      switch (v.path("type").asText()) {
        case "custom" ->
            vars.put(
                name,
                name.equals("window") ? rateWindow : v.path("current").path("value").asText());
        case "query" -> {
          Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
          if (!m.matches()) {
            throw new AssertionError("unsupported variable query " + v.path("definition"));
          }
          String selector = m.group(1) == null ? null : substitute(m.group(1), vars);
          List<String> values = prometheus.labelValues(m.group(2), selector);
          vars.put(name, values.isEmpty() ? ".*" : regexLiteral(values.get(0)));
        }
        default -> {
          // the datasource variable is Grafana's business
        }
      }
    }
    return vars;
  }

  /** A label value as a PromQL regex inside a double-quoted string, as Grafana escapes it. */
  static String regexLiteral(String value) {
    return value.replaceAll("[.+*?()\\[\\]{}|^$\\\\]", "\\\\\\\\$0");
  }

  static String substitute(String expr, Map<String, String> vars) {
    String out = expr;
    List<String> names = new ArrayList<>(vars.keySet());
    names.sort(Comparator.comparingInt(String::length).reversed());
    for (String name : names) {
      out = out.replace("${" + name + "}", vars.get(name)).replace("$" + name, vars.get(name));
    }
    return out;
  }
}
