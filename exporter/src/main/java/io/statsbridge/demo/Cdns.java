package io.statsbridge.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's Traffic Control world: two CDNs with a diurnal bandwidth curve (one running close to
 * its capacity) and twenty cache servers, one of them unhealthy. Every value is a pure function of
 * time, so tests can recompute what the simulator served.
 */
public final class Cdns {
  /** A CDN: capacity and the mean and swing of its daily bandwidth curve, all in kbps. */
  public record Cdn(String name, double capacityKbps, double meanKbps, double swingKbps) {}

  /** A cache server and its share of its CDN's bandwidth. */
  public record Cache(
      String hostname,
      String cachegroup,
      String profile,
      String status,
      String cdn,
      double share,
      boolean healthy) {}

  public static final List<Cdn> CDNS =
      List.of(
          new Cdn("CDN-in-a-Box", 100_000_000, 40_000_000, 25_000_000),
          new Cdn("cdn-east", 40_000_000, 37_000_000, 1_500_000));

  public static final List<Cache> CACHES = caches();

  private Cdns() {}

  private static List<Cache> caches() {
    List<Cache> out = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      String cdn = i <= 8 ? "CDN-in-a-Box" : "cdn-east";
      String group = i <= 8 ? "CDN_in_a_Box_Edge" : "cdn-east-edge";
      out.add(
          new Cache(
              String.format("edge-%02d", i),
              group,
              "ATS_EDGE_TIER_CACHE",
              "REPORTED",
              cdn,
              1.0 / 8,
              i != 5));
    }
    for (int i = 1; i <= 4; i++) {
      String cdn = i <= 2 ? "CDN-in-a-Box" : "cdn-east";
      String group = i <= 2 ? "CDN_in_a_Box_Mid" : "cdn-east-mid";
      out.add(
          new Cache(
              String.format("mid-%02d", i),
              group,
              "ATS_MID_TIER_CACHE",
              i == 4 ? "ADMIN_DOWN" : "REPORTED",
              cdn,
              0.0,
              true));
    }
    return List.copyOf(out);
  }

  public static Cdn cdn(String name) {
    return CDNS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** Whether Traffic Stats has no data for this minute (one in seventeen), served as null. */
  public static boolean gap(long epochSecond) {
    return Math.floorMod(Math.floorDiv(epochSecond, 60), 17) == 3;
  }

  /** Bandwidth in kbps of the one-minute bucket starting at {@code epochSecond}. */
  public static double bandwidthKbps(Cdn cdn, long epochSecond) {
    long minute = Math.floorDiv(epochSecond, 60);
    double day = 2 * Math.PI * Math.floorMod(minute * 60, 86_400) / 86_400.0;
    return Math.round(
        cdn.meanKbps() + cdn.swingKbps() * Math.sin(day) + Math.floorMod(minute * 7919, 1000));
  }

  /** Connections follow bandwidth: one per 2,500 kbps. */
  public static double connections(Cdn cdn, long epochSecond) {
    return Math.round(bandwidthKbps(cdn, epochSecond) / 2500);
  }

  public static double metric(Cdn cdn, String metricType, long epochSecond) {
    return switch (metricType) {
      case "bandwidth" -> bandwidthKbps(cdn, epochSecond);
      case "connections" -> connections(cdn, epochSecond);
      case "maxkbps" -> cdn.capacityKbps();
      default -> throw new IllegalArgumentException(metricType);
    };
  }
}
