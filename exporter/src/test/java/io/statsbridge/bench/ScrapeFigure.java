package io.statsbridge.bench;

/** Scrape times of one server at one size, encoding and number of concurrent scrapers. */
record ScrapeFigure(
    Workload workload, Server server, boolean gzip, int scrapers, Latencies latencies) {
  String encoding() {
    return gzip ? "gzip" : "plain";
  }
}
