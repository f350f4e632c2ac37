package io.statsbridge.demo;

import java.util.List;

/**
 * The demo's Dynatrace world: three hosts, two services and a process group instance, with CPU,
 * response-time and request series that are pure functions of (metric, entity, minute), and an
 * occasional minute without data (null).
 */
public final class Monitored {
  /** An entity and its display name. */
  public record Entity(String id, String name, int seed) {}

  /** A metric: its v1 and v2 ids, unit, and the entities reporting it. */
  public record Metric(
      String v1Id, String v2Id, String unit, String v2Dimension, List<Entity> entities) {}

  public static final List<Entity> HOSTS =
      List.of(
          new Entity("HOST-0000000000000001", "web-1", 1),
          new Entity("HOST-0000000000000002", "web-2", 2),
          new Entity("HOST-0000000000000003", "db-1", 3));
  public static final List<Entity> SERVICES =
      List.of(
          new Entity("SERVICE-000000000000000A", "checkout", 4),
          new Entity("SERVICE-000000000000000B", "catalog", 5));

  /** A v1 key that joins two ids, as Dynatrace does for a host and its process group instance. */
  public static final Entity HOST_AND_PGI =
      new Entity("HOST-0000000000000003, PROCESS_GROUP_INSTANCE-00000000000000C1", "", 6);

  public static final List<Metric> METRICS =
      List.of(
          new Metric(
              "com.dynatrace.builtin:host.cpu.idle",
              "builtin:host.cpu.usage",
              "Percent",
              "dt.entity.host",
              HOSTS),
          new Metric(
              "com.dynatrace.builtin:service.responsetime",
              "builtin:service.response.time",
              "MicroSecond",
              "dt.entity.service",
              SERVICES),
          new Metric(
              "com.dynatrace.builtin:service.requestspermin",
              "builtin:service.requestCount.total",
              "PerMinute (count/min)",
              "dt.entity.service",
              SERVICES),
          new Metric(
              "com.dynatrace.builtin:pgi.cpu.usage",
              "builtin:tech.generic.cpu.usage",
              "Percent",
              "dt.entity.process_group_instance",
              List.of(HOST_AND_PGI)));

  private Monitored() {}

  public static Metric byV1(String id) {
    return METRICS.stream().filter(m -> m.v1Id().equals(id)).findFirst().orElse(null);
  }

  public static Metric byV2(String id) {
    return METRICS.stream().filter(m -> m.v2Id().equals(id)).findFirst().orElse(null);
  }

  /** Names of the ids in a (possibly joined) key. */
  public static String name(String id) {
    for (Entity e : HOSTS) {
      if (e.id().equals(id)) {
        return e.name();
      }
    }
    for (Entity e : SERVICES) {
      if (e.id().equals(id)) {
        return e.name();
      }
    }
    return id.startsWith("PROCESS_GROUP_INSTANCE") ? "postgres" : id;
  }

  /** The value of the one-minute slot starting at {@code slotMillis}, or NaN for a gap. */
  public static double value(Metric m, Entity e, long slotMillis) {
    long minute = Math.floorDiv(slotMillis, 60_000);
    if (Math.floorMod(minute + e.seed(), 13) == 5) {
      return Double.NaN;
    }
    long wobble = Math.floorMod(minute * 31 + e.seed() * 7, 20);
    return switch (m.unit()) {
      case "Percent" -> 30 + e.seed() * 10 + wobble + 0.5;
      case "MicroSecond" -> 20_000 + e.seed() * 5_000 + wobble * 250;
      default -> 600 + e.seed() * 60 + wobble * 6;
    };
  }
}
