package io.statsbridge.bench;

/** The three servers a figure is taken of. */
enum Server {
  STATSBRIDGE("statsbridge"),
  PER_SCRAPE("per-scrape"),
  COPY_FLOOR("copy floor");

  final String label;

  Server(String label) {
    this.label = label;
  }
}
