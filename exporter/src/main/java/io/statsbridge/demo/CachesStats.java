package io.statsbridge.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Traffic Ops' {@code caches/stats}: every cache server's live kbps, connections and health. */
final class CachesStats {
  private CachesStats() {}

  /**
   * The real caches, then what cachesstats.go's addTotals appends: one row per cache group with
   * hostname, profile and status {@code ALL} and the group's sums, then the grand total with every
   * field {@code ALL}. Fields in the order of its CacheData struct.
   */
  static String body(long now) {
    StringBuilder json = new StringBuilder("{\"response\":[");
    Map<String, long[]> groups = new LinkedHashMap<>();
    long[] total = new long[2];
    int i = 0;
    for (Cdns.Cache c : Cdns.CACHES) {
      double[] current = cacheNow(c, now);
      long[] v = {(long) current[0], (long) current[1]};
      long[] sums = groups.computeIfAbsent(c.cachegroup(), g -> new long[2]);
      for (long[] s : List.of(sums, total)) {
        s[0] += v[0];
        s[1] += v[1];
      }
      String ip = ++i % 7 == 0 ? null : "172.16.1." + i;
      cacheRow(json, c.hostname(), c.cachegroup(), c.status(), c.profile(), ip, c.healthy(), v);
    }
    groups.forEach((g, s) -> cacheRow(json, "ALL", g, "ALL", "ALL", null, true, s));
    cacheRow(json, "ALL", "ALL", "ALL", "ALL", null, true, total);
    json.setLength(json.length() - 1);
    return json.append("]}").toString();
  }

  private static void cacheRow(
      StringBuilder json,
      String hostname,
      String cachegroup,
      String status,
      String profile,
      String ip,
      boolean healthy,
      long[] kbpsAndConnections) {
    SimHttp.jsonString(json.append("{\"hostname\":"), hostname);
    SimHttp.jsonString(json.append(",\"cachegroup\":"), cachegroup);
    SimHttp.jsonString(json.append(",\"status\":"), status);
    SimHttp.jsonString(json.append(",\"profile\":"), profile);
    json.append(",\"ip\":");
    if (ip == null) {
      json.append("null");
    } else {
      SimHttp.jsonString(json, ip);
    }
    json.append(",\"healthy\":").append(healthy);
    json.append(",\"kbps\":").append(kbpsAndConnections[0]);
    json.append(",\"connections\":").append(kbpsAndConnections[1]).append("},");
  }

  /** A cache's kbps and connections right now (its share of the CDN's current minute). */
  static double[] cacheNow(Cdns.Cache c, long epochSecond) {
    Cdns.Cdn cdn = Cdns.cdn(c.cdn());
    double kbps = Cdns.bandwidthKbps(cdn, epochSecond);
    double mine = Math.floor(kbps * c.share());
    return new double[] {mine, Math.floor(mine / 2500)};
  }
}
