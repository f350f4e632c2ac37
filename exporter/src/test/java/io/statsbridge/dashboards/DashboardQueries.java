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
      Map<String, String> vars = variables(prometheus, dashboard, rateWindow, Map.of());
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

  /**
   * Runs the Datadog dashboard for one Datadog query grouped by {@code clientLabel} and {@code
   * serverLabel}, with those chosen as its label variables and every client and server selected:
   * each panel that aggregates {@code by (…)} must draw one line per pair, each carrying both
   * labels, not one line for everything. Returns the problems found.
   */
  public static List<String> checkPairs(
      PrometheusServer prometheus,
      String rateWindow,
      String query,
      String clientLabel,
      String serverLabel)
      throws Exception {
    JsonNode dashboard = Dashboards.read(Dashboards.DIR.resolve("statsbridge-datadog-cnm.json"));
    Map<String, String> vars =
        variables(
            prometheus,
            dashboard,
            rateWindow,
            Map.of(
                "query", query,
                "client_label", clientLabel,
                "server_label", serverLabel,
                "client", ".+",
                "server", ".+"));
    List<String> problems = new ArrayList<>();
    for (Dashboards.Target t : Dashboards.targets(dashboard)) {
      String expr = substitute(t.expr(), vars);
      String where = t.panel() + " (" + query + " by " + clientLabel + ", " + serverLabel + ")";
      JsonNode result;
      try {
        result = prometheus.query(expr);
      } catch (AssertionError e) {
        problems.add(where + ": " + e.getMessage());
        continue;
      }
      boolean mayBeEmpty = t.description().contains("Empty ");
      if (result.isEmpty() && !mayBeEmpty) {
        problems.add(where + ": no data for " + expr);
      }
      if (!t.expr().contains(" by (")) {
        continue;
      }
      if (result.size() < 2 && !mayBeEmpty) {
        problems.add(where + ": " + result.size() + " line(s) for all pairs: " + expr);
      }
      for (JsonNode series : result) {
        JsonNode labels = series.path("metric");
        if (labels.path(clientLabel).asText().isEmpty()
            || labels.path(serverLabel).asText().isEmpty()) {
          problems.add(where + ": a line without the pair's labels: " + labels);
        }
      }
    }
    return problems;
  }

  /**
   * The dashboard's variables as Grafana would set them: {@code overrides} by name, else custom
   * ones at their current value and query ones at the first of their label values (their
   * definitions may use the variables before them, even as a label name).
   */
  static Map<String, String> variables(
      PrometheusServer prometheus,
      JsonNode dashboard,
      String rateWindow,
      Map<String, String> overrides)
      throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("__rate_interval", rateWindow);
    vars.put("__interval", rateWindow);
    vars.put("__range", rateWindow);
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String name = v.path("name").asText();
      if (overrides.containsKey(name)) {
        vars.put(name, overrides.get(name));
        continue;
      }
      switch (v.path("type").asText()) {
        case "custom" ->
            vars.put(
                name,
                name.equals("window") ? rateWindow : v.path("current").path("value").asText());
        case "query" -> {
          String definition = substitute(v.path("definition").asText(), vars);
          Matcher m = LABEL_VALUES.matcher(definition);
          if (!m.matches()) {
            throw new AssertionError("unsupported variable query " + definition);
          }
          List<String> values = valuesWithData(prometheus, m.group(2), m.group(1));
          vars.put(name, values.isEmpty() ? ".*" : regexLiteral(values.get(0)));
        }
        default -> {
          // the datasource variable is Grafana's business
        }
      }
    }
    return vars;
  }

  /**
   * The values of {@code label} on series matching {@code selector} that have a sample now, sorted;
   * all values ever seen when none has. Grafana lists every value seen in the dashboard's range,
   * but the simulated Dynatrace leaves each entity out for one minute in thirteen, and a check that
   * picked an entity in its gap would find its panels empty.
   */
  private static List<String> valuesWithData(
      PrometheusServer prometheus, String label, String selector) throws Exception {
    if (selector != null) {
      List<String> current = new ArrayList<>();
      for (JsonNode series : prometheus.query("group by (" + label + ") (" + selector + ")")) {
        String value = series.path("metric").path(label).asText();
        if (!value.isEmpty()) {
          current.add(value);
        }
      }
      if (!current.isEmpty()) {
        current.sort(Comparator.naturalOrder());
        return current;
      }
    }
    return prometheus.labelValues(label, selector);
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
