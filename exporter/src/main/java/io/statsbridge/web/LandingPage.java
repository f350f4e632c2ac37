package io.statsbridge.web;

import io.statsbridge.config.Durations;
import io.statsbridge.status.BuildInfo;
import io.statsbridge.status.ExporterStatus;
import io.statsbridge.status.QueryStatus;
import io.statsbridge.status.Shard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code /} page: every query with its last outcome, error, age, rows, series, next poll. */
final class LandingPage {
  private final ExporterStatus status;
  private final boolean demo;

  /**
   * @param demo whether the exporter polls its built-in simulator ({@code --demo})
   */
  LandingPage(ExporterStatus status, boolean demo) {
    this.status = status;
    this.demo = demo;
  }

  String render(List<QueryStatus> statuses, Instant now) {
    StringBuilder html = new StringBuilder(4096);
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>statsbridge</title>
        <style>
        body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
        td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
        .success{color:#176f2c}.error,.timeout,.rate_limited{color:#b00020}.skipped,.no_data{color:#8a6d00}
        </style></head><body>
        <h1>statsbridge</h1>
        <p>Prometheus exporter for aggregated statistics of remote monitoring APIs.
        Version\s""");
    html.append(escape(BuildInfo.VERSION)).append(".</p>\n");
    if (demo) {
      html.append(
          "<p class=\"demo\"><strong>Demo mode:</strong> every query polls the built-in simulator"
              + " on loopback; nothing here comes from a real account.</p>\n");
    }
    status
        .storage()
        .lastFailure()
        .ifPresent(
            why ->
                html.append("<p class=\"error\"><strong>Window cursors cannot be saved</strong> (")
                    .append(status.storage().failures())
                    .append(
                        " failed writes): scrapes carry no window past the last saved cursor"
                            + " until a write succeeds. ")
                    .append(escape(why))
                    .append("</p>\n"));
    String source = escape(BuildInfo.SOURCE);
    html.append(
        "<p><a href=\"/metrics\">Metrics</a> · <a href=\"/-/healthy\">Health</a> · "
            + "<a href=\"/-/ready\">Readiness</a> · <a href=\""
            + source
            + "/tree/main/dashboards\">Grafana dashboards</a> · <a href=\""
            + source
            + "/blob/main/alerts/RUNBOOK.md\">Alert runbook</a></p>\n");
    shard(html, statuses.size());
    html.append(
        "<h2>Queries</h2>\n<table><tr><th>query</th><th>source</th><th>type</th><th>interval</th>"
            + "<th>last outcome</th><th>error</th><th>data age</th><th>rows</th><th>series</th>"
            + "<th>next poll</th><th>remarks</th></tr>\n");
    for (QueryStatus s : statuses) {
      String outcome = s.lastOutcome().map(o -> o.label()).orElse("pending");
      if (outcome.equals("success") && s.remarks().noData()) {
        outcome = "no_data";
      }
      html.append("<tr><td>").append(escape(s.query()));
      html.append("</td><td>").append(escape(s.source()));
      html.append("</td><td>").append(escape(s.sourceType()));
      html.append("</td><td>").append(Durations.format(s.interval()));
      html.append("</td><td class=\"").append(outcome).append("\">");
      html.append(outcome.replace('_', ' '));
      html.append("</td><td>").append(escape(s.lastError()));
      html.append("</td><td>").append(s.lastSuccess().map(t -> age(t, now)).orElse("never"));
      html.append("</td><td>").append(s.rows());
      html.append("</td><td>").append(status.series(s.query()));
      html.append("</td><td>").append(s.nextPoll().map(t -> until(t, now)).orElse("-"));
      html.append("</td><td>").append(remarks(s));
      html.append("</td></tr>\n");
    }
    if (statuses.isEmpty()) {
      html.append("<tr><td colspan=\"11\">No queries on this shard.</td></tr>\n");
    }
    html.append("</table>\n</body></html>\n");
    return html.toString();
  }

  /**
   * Which part of the configuration this replica polls, with {@code --shard}; a shard that holds no
   * query says so, since its table is empty and its /metrics has no data.
   */
  private void shard(StringBuilder html, int polled) {
    Shard shard = status.shard();
    if (shard.count() == 1) {
      return;
    }
    int configured = status.configuredQueries();
    String which = shard.index() + "/" + shard.count();
    if (polled == 0) {
      html.append("<p class=\"no_data\"><strong>No queries on this shard:</strong> none of the ")
          .append(configured)
          .append(" configured queries belongs to shard ")
          .append(which)
          .append(
              " (--shard), so this replica polls nothing and its /metrics carries only"
                  + " statsbridge's own metrics. Each query is polled by the one replica its"
                  + " name's CRC-32 picks: with few queries, some shards hold none.</p>\n");
    } else {
      html.append("<p>Shard ")
          .append(which)
          .append(": this replica polls ")
          .append(polled)
          .append(" of the ")
          .append(configured)
          .append(" configured queries.</p>\n");
    }
  }

  /** Why the result is cut, the upstream's warnings and skipped rows, one per line. */
  private static String remarks(QueryStatus s) {
    List<String> lines = new ArrayList<>();
    s.remarks().truncation().ifPresent(why -> lines.add("truncated: " + why));
    if (s.remarks().noData()) {
      lines.add("no data: the upstream had none for the window");
    }
    s.remarks().warnings().forEach(w -> lines.add("warning: " + w));
    if (s.skippedRows() > 0) {
      lines.add(s.skippedRows() + " rows skipped since start");
    }
    return String.join("<br>", lines.stream().map(LandingPage::escape).toList());
  }

  private static String until(Instant t, Instant now) {
    Duration d = Duration.between(now, t);
    return d.toSeconds() <= 0 ? "now" : "in " + Durations.format(Duration.ofSeconds(d.toSeconds()));
  }

  private static String age(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    return Durations.format(Duration.ofSeconds(Math.max(0, d.toSeconds()))) + " ago";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
