package io.statsbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deterministic synthetic network traffic between services: every per-second count is a pure
 * function of (flow, second), so a window's totals are exact sums that tests can recompute as
 * ground truth. Some flows have bursts of refusals and timeouts every few minutes.
 */
public final class Traffic {
  /** The counted attributes, in the simulator's JSON order. */
  public static final List<String> COUNTS =
      List.of(
          "bytes_sent_by_client",
          "bytes_sent_by_server",
          "packets_sent_by_client",
          "packets_sent_by_server",
          "tcp_refusals",
          "tcp_resets",
          "tcp_timeouts",
          "tcp_retransmits",
          "tcp_delivered_ce",
          "tcp_probe0_count",
          "tcp_rcv_ooo_pack",
          "tcp_recovery_count",
          "tcp_reord_seen",
          "tcp_rto_count");

  static final String[] TEAMS = {"payments", "platform", "search", "web", "data"};
  static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};

  /** One client→server pair and its fixed traits. */
  public record Flow(String client, String server, int seed) {
    public Map<String, String> tags() {
      return Map.of(
          "client_service", client,
          "server_service", server,
          "client_team", TEAMS[Math.floorMod(client.hashCode(), TEAMS.length)],
          "server_team", TEAMS[Math.floorMod(server.hashCode(), TEAMS.length)],
          "client_availability-zone", ZONES[seed % ZONES.length],
          "server_availability-zone", ZONES[(seed / 3) % ZONES.length],
          "env", seed % 5 == 4 ? "staging" : "prod");
    }
  }

  private final List<Flow> flows;
  private final boolean naturalBursts;
  private final Bursts injected;

  private Traffic(List<Flow> flows, boolean naturalBursts, Bursts injected) {
    this.flows = List.copyOf(flows);
    this.naturalBursts = naturalBursts;
    this.injected = injected;
  }

  /** The same flows without the built-in refusal and timeout bursts (injected ones still apply). */
  public Traffic quiet() {
    return new Traffic(flows, false, injected);
  }

  /** The switch for injected refusal/timeout bursts. */
  public Bursts bursts() {
    return injected;
  }

  /**
   * {@code flowCount} client→server pairs among {@code services} services (at most services ×
   * (services − 1)); the demo uses 10 services, the benchmark enough for 7,500 rows.
   */
  public static Traffic of(int services, int flowCount) {
    List<String> names = new ArrayList<>();
    String[] demo = {
      "web-frontend",
      "checkout",
      "payments",
      "cart",
      "search",
      "catalog",
      "auth",
      "postgres",
      "redis",
      "kafka"
    };
    for (int i = 0; i < services; i++) {
      names.add(
          i < demo.length && services <= demo.length ? demo[i] : String.format("svc-%03d", i));
    }
    List<Flow> flows = new ArrayList<>();
    // Walk pairs in a fixed, well-mixed order so small flow counts still touch many services.
    for (int d = 1; d < services && flows.size() < flowCount; d++) {
      for (int c = 0; c < services && flows.size() < flowCount; c++) {
        flows.add(new Flow(names.get(c), names.get((c + d) % services), flows.size()));
      }
    }
    return new Traffic(flows, true, new Bursts());
  }

  public List<Flow> flows() {
    return flows;
  }

  /** Connections opened by a flow in one second. */
  static long activity(Flow f, long second) {
    return 5 + f.seed % 20 + Math.floorMod(second * 7 + f.seed, 11);
  }

  /** Whether the flow's refusal burst is on in this second (a minute in every seven). */
  boolean refusing(Flow f, long second) {
    return naturalBursts && f.seed % 3 == 0 && Math.floorMod(second / 60 + f.seed, 7) == 0;
  }

  boolean timingOut(Flow f, long second) {
    return naturalBursts && f.seed % 4 == 1 && Math.floorMod(second / 60 + f.seed, 9) == 0;
  }

  /** One second of counted attribute {@code i} (index into {@link #COUNTS}). */
  long count(int i, Flow f, long s, long a) {
    return switch (i) {
      case 0 -> a * 1400;
      case 1 -> a * 5200;
      case 2 -> a * 3;
      case 3 -> a * 5;
      case 4 -> refusing(f, s) ? 2 : 0;
      case 5 -> a % 5 == 0 ? 1 : 0;
      case 6 -> timingOut(f, s) ? 1 : 0;
      case 7 -> a / 3;
      case 8 -> Math.floorMod(s + f.seed, 13) == 0 ? 1 : 0;
      case 9 -> Math.floorMod(s + f.seed, 29) == 0 ? 1 : 0;
      case 10 -> a / 7;
      case 11 -> a / 9;
      case 12 -> Math.floorMod(s + f.seed, 17) == 0 ? 1 : 0;
      case 13 -> Math.floorMod(s + f.seed, 23) == 0 ? 1 : 0;
      default -> throw new IllegalArgumentException("attribute " + i);
    };
  }

  /** Totals of every counted attribute of one flow over {@code [from, to)} (epoch seconds). */
  long[] totals(Flow f, long from, long to) {
    long[] out = new long[COUNTS.size()];
    for (long s = from; s < to; s++) {
      long a = activity(f, s);
      for (int i = 0; i < out.length; i++) {
        out[i] += count(i, f, s, a);
      }
    }
    out[COUNTS.indexOf("tcp_refusals")] += injected.extra(f, Bursts.Kind.REFUSALS, from, to);
    out[COUNTS.indexOf("tcp_timeouts")] += injected.extra(f, Bursts.Kind.TIMEOUTS, from, to);
    return out;
  }

  /**
   * Connections established per second, averaged over the window and truncated to whole
   * connections, as the API's int64 "measured in connections per second" (the simulator serves half
   * as many closed).
   */
  long establishedPerSecond(Flow f, long from, long to) {
    long sum = 0;
    for (long s = from; s < to; s++) {
      sum += activity(f, s);
    }
    return sum / Math.max(1, to - from);
  }

  /** Smoothed RTT in µs: a fixed base per flow, ten times higher while timing out. */
  long rttMicros(Flow f, long from, long to) {
    long base = 400 + (f.seed * 37L) % 4000;
    return timingOut(f, from) ? base * 10 : base;
  }

  /** Ground truth for tests: one attribute's total for a client→server pair over a window. */
  public long truth(String attribute, String client, String server, long from, long to) {
    long total = 0;
    for (Flow f : flows) {
      if (f.client.equals(client) && f.server.equals(server)) {
        total += totals(f, from, to)[COUNTS.indexOf(attribute)];
      }
    }
    return total;
  }
}
