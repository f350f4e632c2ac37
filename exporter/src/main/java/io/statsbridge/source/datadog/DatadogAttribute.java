package io.statsbridge.source.datadog;

import io.statsbridge.exposition.Combine;
import io.statsbridge.exposition.MetricFamily;
import java.util.List;

/**
 * The numeric attributes of an aggregated connection and their metric families. Totals over the
 * window become counters; the connection rates and the RTT are levels and become gauges.
 */
enum DatadogAttribute {
  BYTES_SENT_BY_CLIENT(
      "bytes_sent_by_client", counter("bytes_sent_by_client", "Bytes sent by the client.")),
  BYTES_SENT_BY_SERVER(
      "bytes_sent_by_server", counter("bytes_sent_by_server", "Bytes sent by the server.")),
  PACKETS_SENT_BY_CLIENT(
      "packets_sent_by_client", counter("packets_sent_by_client", "Packets sent by the client.")),
  PACKETS_SENT_BY_SERVER(
      "packets_sent_by_server", counter("packets_sent_by_server", "Packets sent by the server.")),
  TCP_REFUSALS("tcp_refusals", counter("tcp_refusals", "TCP connections refused by the server.")),
  TCP_RESETS("tcp_resets", counter("tcp_resets", "TCP connections reset by the server.")),
  TCP_TIMEOUTS(
      "tcp_timeouts",
      counter(
          "tcp_timeouts",
          "TCP connections that timed out from the perspective of the operating system.")),
  TCP_RETRANSMITS(
      "tcp_retransmits", counter("tcp_retransmits", "TCP retransmits from the client.")),
  TCP_DELIVERED_CE(
      "tcp_delivered_ce",
      counter(
          "tcp_delivered_ce",
          "TCP segments acknowledged with the ECN Congestion Experienced mark.")),
  TCP_PROBE0_COUNT("tcp_probe0_count", counter("tcp_probe0", "TCP zero-window probes sent.")),
  TCP_RCV_OOO_PACK(
      "tcp_rcv_ooo_pack", counter("tcp_rcv_ooo_packets", "TCP packets received out of order.")),
  TCP_RECOVERY_COUNT("tcp_recovery_count", counter("tcp_recoveries", "TCP fast recovery events.")),
  TCP_REORD_SEEN(
      "tcp_reord_seen",
      counter("tcp_reorders_seen", "Times reordering of sent TCP packets was detected.")),
  TCP_RTO_COUNT("tcp_rto_count", counter("tcp_rtos", "TCP retransmission timeouts (RTOs).")),
  /**
   * The API documents both connection attributes as "measured in connections per second from the
   * client" (whole connections: they are int64): rates over the window, so gauges named for their
   * unit, unlike the window totals ("the total number of … over the given period") above. Rows of
   * one label set are disjoint connections, so their rates add up.
   */
  TCP_ESTABLISHED_CONNECTIONS(
      "tcp_established_connections",
      MetricFamily.gauge(
          "datadog_cnm_tcp_established_connections_per_second",
          "TCP connections in an established state per second, from the client, over the latest window.",
          Combine.sum())),
  TCP_CLOSED_CONNECTIONS(
      "tcp_closed_connections",
      MetricFamily.gauge(
          "datadog_cnm_tcp_closed_connections_per_second",
          "TCP connections in a closed state per second, from the client, over the latest window.",
          Combine.sum())),
  /**
   * Upstream reports microseconds; Prometheus wants seconds. Rows of one label set average by the
   * packets each carried (both ways), or plainly when a row lacks its packets.
   */
  RTT_MICRO_SECONDS(
      "rtt_micro_seconds",
      MetricFamily.gauge(
          "datadog_cnm_rtt_seconds",
          "TCP smoothed round-trip time over the latest window.",
          Combine.meanWeightedBy(
              "datadog_cnm_packets_sent_by_client", "datadog_cnm_packets_sent_by_server")),
      1_000_000);

  static final List<DatadogAttribute> ALL = List.of(values());

  /** The attributes' names as the API spells them, which {@code attributes:} takes. */
  static final List<String> NAMES = ALL.stream().map(a -> a.json).toList();

  final String json;
  final MetricFamily family;

  /** Upstream units per base unit: divide, so that 800 µs prints as 0.0008, not 7.99…E-4. */
  final double divisor;

  DatadogAttribute(String json, MetricFamily family) {
    this(json, family, 1);
  }

  DatadogAttribute(String json, MetricFamily family, double divisor) {
    this.json = json;
    this.family = family;
    this.divisor = divisor;
  }

  static DatadogAttribute named(String json) {
    return ALL.get(NAMES.indexOf(json));
  }

  static List<MetricFamily> families(List<DatadogAttribute> attributes) {
    return attributes.stream().map(a -> a.family).toList();
  }

  private static MetricFamily counter(String name, String help) {
    return MetricFamily.counter(
        "datadog_cnm_" + name, help + " Sum of the polled windows' totals.");
  }
}
