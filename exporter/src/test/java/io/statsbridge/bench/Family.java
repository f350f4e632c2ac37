package io.statsbridge.bench;

import io.prometheus.client.Collector.Type;
import java.util.Comparator;
import java.util.List;

/**
 * One family the per-scrape exporter builds from a Datadog row: the upstream attribute it reads,
 * and the name, type, help and unit factor statsbridge exposes it with (the benchmark checks that
 * both servers expose the same series, so a rename on either side is caught, not measured).
 */
record Family(String attribute, String name, Type type, String help, double factor) {
  private static final String SUMMED = " Sum of the polled windows' totals.";

  /** The 17 families of a Datadog CNM row, in statsbridge's order (by name). */
  static final List<Family> DATADOG =
      List.of(
              counter("bytes_sent_by_client", "bytes_sent_by_client", "Bytes sent by the client."),
              counter("bytes_sent_by_server", "bytes_sent_by_server", "Bytes sent by the server."),
              counter(
                  "packets_sent_by_client",
                  "packets_sent_by_client",
                  "Packets sent by the client."),
              counter(
                  "packets_sent_by_server",
                  "packets_sent_by_server",
                  "Packets sent by the server."),
              counter("tcp_refusals", "tcp_refusals", "TCP connections refused by the server."),
              counter("tcp_resets", "tcp_resets", "TCP connections reset by the server."),
              counter(
                  "tcp_timeouts",
                  "tcp_timeouts",
                  "TCP connections that timed out from the perspective of the operating system."),
              counter("tcp_retransmits", "tcp_retransmits", "TCP retransmits from the client."),
              counter(
                  "tcp_delivered_ce",
                  "tcp_delivered_ce",
                  "TCP segments acknowledged with the ECN Congestion Experienced mark."),
              counter("tcp_probe0_count", "tcp_probe0", "TCP zero-window probes sent."),
              counter(
                  "tcp_rcv_ooo_pack", "tcp_rcv_ooo_packets", "TCP packets received out of order."),
              counter("tcp_recovery_count", "tcp_recoveries", "TCP fast recovery events."),
              counter(
                  "tcp_reord_seen",
                  "tcp_reorders_seen",
                  "Times reordering of sent TCP packets was detected."),
              counter("tcp_rto_count", "tcp_rtos", "TCP retransmission timeouts (RTOs)."),
              gauge(
                  "tcp_established_connections",
                  "tcp_established_connections_per_second",
                  "TCP connections in an established state per second, from the client, over the"
                      + " latest window.",
                  1),
              gauge(
                  "tcp_closed_connections",
                  "tcp_closed_connections_per_second",
                  "TCP connections in a closed state per second, from the client, over the latest"
                      + " window.",
                  1),
              gauge(
                  "rtt_micro_seconds",
                  "rtt_seconds",
                  "TCP smoothed round-trip time over the latest window.",
                  1e-6))
          .stream()
          .sorted(Comparator.comparing(Family::name))
          .toList();

  /** The name of its samples: counters end in {@code _total}. */
  String sampleName() {
    return type == Type.COUNTER ? name + "_total" : name;
  }

  private static Family counter(String attribute, String name, String help) {
    return new Family(attribute, "datadog_cnm_" + name, Type.COUNTER, help + SUMMED, 1);
  }

  private static Family gauge(String attribute, String name, String help, double factor) {
    return new Family(attribute, "datadog_cnm_" + name, Type.GAUGE, help, factor);
  }
}
