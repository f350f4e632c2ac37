package io.statsbridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statsbridge.testing.Fixtures;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.RstExamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Traffic Ops simulator held against apache/trafficcontrol's own documents and code (fixtures
 * under vendor/trafficops): its answers have the vendor's keys and types, and select and group
 * points the way Traffic Ops' InfluxQL does.
 */
class TrafficOpsSimulatorTest {
  static final String VENDOR = "vendor/trafficops/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UNIX = "application/json;timestamp=unix";
  static final long SECOND = 1_000_000_000L;

  // The documented example's Date header.
  private final MutableClock clock = new MutableClock(Instant.parse("2019-10-28T20:49:51Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private Simulator simulator;
  private String cookie;

  @BeforeEach
  void start() throws Exception {
    simulator = Simulator.start(Traffic.of(2, 1), clock);
    simulator.trafficOps().gaps(false);
    HttpResponse<String> login = login(TrafficOpsSimulator.USER, TrafficOpsSimulator.PASSWORD);
    cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> login(String user, String password) throws Exception {
    // The documented request body, with the simulator's credentials.
    JsonNode body = RstExamples.json(VENDOR + "user_login.rst", "Request Example");
    String json =
        body.toString()
            .replace(body.path("u").asText(), user)
            .replace(body.path("p").asText(), password);
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.url() + "/api/5.0/user/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.url() + pathAndQuery))
            .header("Cookie", cookie)
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode cacheStats(String query, String accept) throws Exception {
    HttpResponse<String> r = get("/api/5.0/cache_stats?" + query, accept);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("response");
  }

  private static String window(String start, String end, String interval) {
    return "cdnName=CDN-in-a-Box&metricType=bandwidth&startDate="
        + start
        + "&endDate="
        + end
        + "&interval="
        + interval;
  }

  private static long nanos(String instant) {
    return Instant.parse(instant).getEpochSecond() * SECOND;
  }

  private static double bandwidth(String minute) {
    return Cdns.bandwidthKbps(Cdns.cdn("CDN-in-a-Box"), Instant.parse(minute).getEpochSecond());
  }

  /** The JSON field names of a Go struct in a vendor file, in declaration order. */
  static Set<String> goJsonFields(String file, String struct) {
    String source = Fixtures.read(VENDOR + file);
    int at = source.indexOf("type " + struct + " struct {");
    assertTrue(at >= 0, struct + " not in " + file);
    String body = source.substring(at, source.indexOf("\n}\n", at));
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile("json:\"(\\w+)").matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> fields(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theDocumentedRequestGetsTheDocumentedBucketsWithTheStartEdgeLeftOut() throws Exception {
    // Traffic Ops' InfluxQL, the rule the simulator follows: strict at both ends.
    String cacheGo = Fixtures.read(VENDOR + "trafficstats-cache.go");
    assertTrue(cacheGo.contains("AND time < $end\nAND time > $start`"), cacheGo);
    assertTrue(cacheGo.contains("AND time > $start\nAND time < $end\nGROUP BY time(%s, %s)"));

    String rst = Fixtures.read(VENDOR + "cache_stats.rst");
    Matcher request = Pattern.compile("\tGET /api/5.0/cache_stats\\?(\\S+) HTTP/1.1").matcher(rst);
    assertTrue(request.find());
    Matcher accept = Pattern.compile("\n\tAccept: ([^\n]+)\n").matcher(rst);
    assertTrue(accept.find());
    JsonNode documented = RstExamples.json(VENDOR + "cache_stats.rst", "Response Example");
    JsonNode served =
        cacheStats(
            request.group(1).replace("cdnName=CDN&", "cdnName=CDN-in-a-Box&"), accept.group(1));

    JsonNode docSeries = documented.path("response").path("series");
    JsonNode series = served.path("series");
    assertEquals(fields(documented.path("response")), fields(served));
    assertEquals(fields(docSeries), fields(series));
    assertEquals(
        new TreeSet<>(goJsonFields("go-tc-traffic_stats.go", "TrafficStatsSeries")),
        fields(series));
    assertEquals(docSeries.path("columns"), series.path("columns"));
    assertEquals(docSeries.path("name"), series.path("name"));
    assertEquals(docSeries.path("tags"), series.path("tags"));
    assertEquals(docSeries.path("count"), series.path("count"));
    JsonNode docValues = docSeries.path("values");
    JsonNode values = series.path("values");
    assertEquals(docValues.size(), values.size());
    for (int i = 0; i < values.size(); i++) {
      assertTrue(values.get(i).get(0).isIntegralNumber(), values.toString());
      assertEquals(docValues.get(i).get(0).longValue(), values.get(i).get(0).longValue());
      // 20:45 is the start edge: left out, so its bucket is null, as documented.
      assertEquals(docValues.get(i).get(1).isNull(), values.get(i).get(1).isNull(), "" + i);
    }
    assertEquals(bandwidth("2019-10-28T20:48:00Z"), values.get(3).get(1).doubleValue());

    JsonNode docSummary = documented.path("response").path("summary");
    JsonNode summary = served.path("summary");
    assertEquals(fields(docSummary), fields(summary));
    assertEquals(
        new TreeSet<>(goJsonFields("go-tc-traffic_stats.go", "TrafficStatsSummary")),
        fields(summary));
    assertEquals(docSummary.path("count"), summary.path("count"));
    // Three points are too few for a 5th percentile: InfluxDB's null, served as 0.
    assertEquals(0, summary.path("fifthPercentile").doubleValue());
    assertEquals(docSummary.path("fifthPercentile"), summary.path("fifthPercentile"));
  }

  @Test
  void nothingBetweenTheEdgesGivesNoSeriesAndTheZeroSummary() throws Exception {
    // (20:45, 20:46) holds no minute point.
    JsonNode served =
        cacheStats(window("2019-10-28T20:45:00Z", "2019-10-28T20:46:00Z", "1m"), UNIX);
    assertEquals(Set.of("summary"), fields(served));
    JsonNode documented =
        RstExamples.json(VENDOR + "cache_stats.rst", "Response Example")
            .path("response")
            .path("summary");
    assertEquals(fields(documented), fields(served.path("summary")));
    served
        .path("summary")
        .elements()
        .forEachRemaining(v -> assertTrue(v.isIntegralNumber() && v.longValue() == 0, "" + v));
    // The vendor's reasons: no InfluxDB series → nil → the zero summary, and no series key.
    assertTrue(
        Fixtures.read(VENDOR + "trafficstats-summary.go")
            .contains("if len(r.Series) == 0 {\n\t\t\treturn nil, nil"));
    assertTrue(
        Fixtures.read(VENDOR + "trafficstats-cache.go")
            .contains("resp.Response.Summary = &tc.TrafficStatsSummary{}"));
  }

  @Test
  void aStartOneNanosecondEarlierTakesTheFirstMinuteInBucketsShiftedByTrafficOpsOffset()
      throws Exception {
    // OffsetString: the start's whole seconds modulo the interval, here 59s: buckets start at :59.
    assertTrue(
        Fixtures.read(VENDOR + "go-tc-traffic_stats.go")
            .contains(
                "return fmt.Sprintf(\"%ds\", int64(c.Start.Sub(time.Unix(0, 0))/time.Second)%iSecs)"));
    JsonNode served =
        cacheStats(window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:49:00Z", "1m"), UNIX);
    JsonNode values = served.path("series").path("values");
    List<Long> times = new ArrayList<>();
    values.forEach(v -> times.add(v.get(0).longValue()));
    long first = nanos("2019-10-28T20:44:59Z");
    assertEquals(
        List.of(
            first,
            first + 60 * SECOND,
            first + 120 * SECOND,
            first + 180 * SECOND,
            first + 240 * SECOND),
        times);
    for (int m = 0; m < 4; m++) {
      assertEquals(
          bandwidth(Instant.parse("2019-10-28T20:45:00Z").plusSeconds(60L * m).toString()),
          values.get(m).get(1).doubleValue());
    }
    assertTrue(values.get(4).get(1).isNull(), "the bucket holding the end edge has no point");
    assertEquals(4, served.path("summary").path("count").intValue());
  }

  @Test
  void fiveMinuteBucketsAverageTheirMinutesAndTheSummaryCountsEachPoint() throws Exception {
    JsonNode served =
        cacheStats(window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:50:00Z", "5m"), UNIX);
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int m = 0; m < 5; m++) {
      double v = bandwidth(Instant.parse("2019-10-28T20:45:00Z").plusSeconds(60L * m).toString());
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    JsonNode values = served.path("series").path("values");
    assertEquals(2, values.size(), values.toString());
    assertEquals(nanos("2019-10-28T20:44:59Z"), values.get(0).get(0).longValue());
    assertEquals(sum / 5, values.get(0).get(1).doubleValue(), 1e-6);
    assertTrue(values.get(1).get(1).isNull());
    JsonNode summary = served.path("summary");
    assertEquals(5, summary.path("count").intValue());
    assertEquals(sum / 5, summary.path("average").doubleValue(), 1e-6);
    assertEquals(min, summary.path("min").doubleValue());
    assertEquals(max, summary.path("max").doubleValue());
  }

  @Test
  void numbersAreWrittenAsGoWritesAFloat64() throws Exception {
    // Tens of millions of kbps: Go writes 21132416, never Java's 2.1132416E7 or 21132416.0.
    String body =
        get(
                "/api/5.0/cache_stats?"
                    + window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:50:00Z", "1m"),
                UNIX)
            .body();
    assertFalse(body.matches("(?s).*\\d[eE][-+]?\\d.*"), body);
    assertFalse(body.matches("(?s).*\\d\\.0[,\\]}].*"), body);
    assertTrue(body.matches("(?s).*,\\d{8}\\].*"), body);
  }

  @Test
  void aMinuteWithoutAPointIsANullBucketAndOutOfTheCount() throws Exception {
    simulator.trafficOps().gaps(true);
    // 20:45 is one of the simulator's minutes without data.
    assertTrue(Cdns.gap(Instant.parse("2019-10-28T20:45:00Z").getEpochSecond()));
    JsonNode served =
        cacheStats(window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:47:00Z", "1m"), UNIX);
    assertTrue(served.path("series").path("values").get(0).get(1).isNull());
    assertEquals(1, served.path("summary").path("count").intValue());
  }

  @Test
  void withoutTimestampUnixTimesAreRfc3339InWholeSeconds() throws Exception {
    JsonNode served =
        cacheStats(
            window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:46:00Z", "1m"),
            "application/json");
    assertEquals(
        "2019-10-28T20:44:59Z", served.path("series").path("values").get(0).get(0).asText());
  }

  @Test
  void datesAreReadAsTrafficOpsParseTimeReadsThemAndErrorsUseItsWords() throws Exception {
    String util = Fixtures.read(VENDOR + "trafficstats-util.go");
    assertTrue(util.contains("t, e := time.Parse(time.RFC3339Nano, raw)"));
    assertTrue(util.contains("t = time.Unix(0, i)"));
    JsonNode rfc =
        cacheStats(window("2019-10-28T20:44:59.999999999Z", "2019-10-28T20:49:00Z", "1m"), UNIX);
    JsonNode nanos = cacheStats(window("1572295499999999999", "1572295740000000000", "1m"), UNIX);
    assertEquals(rfc, nanos);

    for (String[] bad :
        new String[][] {
          {window("yesterday", "2019-10-28T20:49:00Z", "1m"), "400", "Invalid startDate!"},
          {window("2019-10-28T20:45:00Z", "now", "1m"), "400", "Invalid endDate!"},
          {
            window("2019-10-28T20:45:00Z", "2019-10-28T20:49:00Z", "30s"),
            "400",
            "interval: must be a valid InfluxQL duration literal (resolution no less than minute)"
          },
          {
            window("2019-10-28T20:45:00Z", "2019-10-28T20:49:00Z", "1m")
                .replace("cdnName=CDN-in-a-Box", "cdnName=cdn-west"),
            "404",
            "no such CDN: cdn-west"
          },
          {
            window("2019-10-28T20:45:00Z", "2019-10-28T20:49:00Z", "1m")
                .replace("bandwidth", "kbps"),
            "400",
            "Unknown metric type: kbps"
          }
        }) {
      HttpResponse<String> r = get("/api/5.0/cache_stats?" + bad[0], UNIX);
      assertEquals(Integer.parseInt(bad[1]), r.statusCode(), r.body());
      String text = JSON.readTree(r.body()).path("alerts").get(0).path("text").asText();
      assertEquals(bad[2], text);
      String vendorText = text.replaceAll(": (cdn-west|kbps)$", ": %s");
      assertTrue(
          util.contains("\"" + vendorText + "\"")
              || Fixtures.read(VENDOR + "trafficstats-cache.go").contains("\"" + vendorText + "\""),
          "the vendor's code says " + vendorText);
    }
  }

  @Test
  void cachesStatsHasTheVendorsFieldsAnAllRowPerCacheGroupAndTheGrandTotal() throws Exception {
    HttpResponse<String> r = get("/api/5.0/caches/stats", "application/json");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode rows = JSON.readTree(r.body()).path("response");
    JsonNode documented =
        RstExamples.json(VENDOR + "caches_stats.rst", "Response Example").path("response").get(0);
    Set<String> goFields = goJsonFields("cachesstats.go", "CacheData");
    assertEquals(new TreeSet<>(goFields), fields(documented));
    for (JsonNode row : rows) {
      assertEquals(goFields, new LinkedHashSet<>(names(row)), "Go's field order: " + row);
      for (String text : List.of("hostname", "cachegroup", "status", "profile")) {
        assertTrue(row.path(text).isTextual(), row.toString());
      }
      assertTrue(row.path("ip").isTextual() || row.path("ip").isNull(), row.toString());
      assertTrue(row.path("healthy").isBoolean(), row.toString());
      assertTrue(row.path("kbps").isIntegralNumber(), "uint64 in Go: " + row);
      assertTrue(row.path("connections").isIntegralNumber(), "uint64 in Go: " + row);
    }
    List<String> groups = Cdns.CACHES.stream().map(Cdns.Cache::cachegroup).distinct().toList();
    assertEquals(Cdns.CACHES.size() + groups.size() + 1, rows.size());
    long totalKbps = 0;
    long totalConnections = 0;
    for (int g = 0; g < groups.size(); g++) {
      JsonNode all = rows.get(Cdns.CACHES.size() + g);
      long kbps = 0;
      long connections = 0;
      for (int c = 0; c < Cdns.CACHES.size(); c++) {
        if (rows.get(c).path("cachegroup").asText().equals(all.path("cachegroup").asText())) {
          kbps += rows.get(c).path("kbps").longValue();
          connections += rows.get(c).path("connections").longValue();
        }
      }
      assertEquals(groups.get(g), all.path("cachegroup").asText());
      assertEquals("ALL", all.path("hostname").asText());
      assertEquals("ALL", all.path("profile").asText());
      assertEquals("ALL", all.path("status").asText());
      assertTrue(all.path("healthy").booleanValue() && all.path("ip").isNull(), all.toString());
      assertEquals(kbps, all.path("kbps").longValue());
      assertEquals(connections, all.path("connections").longValue());
      totalKbps += kbps;
      totalConnections += connections;
    }
    JsonNode total = rows.get(rows.size() - 1);
    // The documented example is that grand total alone: same fields, all ALL.
    for (String field : List.of("hostname", "cachegroup", "profile", "status", "healthy", "ip")) {
      assertEquals(documented.path(field), total.path(field), field);
    }
    assertEquals(totalKbps, total.path("kbps").longValue());
    assertEquals(totalConnections, total.path("connections").longValue());
    assertTrue(totalKbps > 0);
    String addTotals = Fixtures.read(VENDOR + "cachesstats.go");
    assertTrue(addTotals.contains("cg.HostName = tc.CacheName(all)"));
    assertTrue(addTotals.contains("data = append(data, total)"));
  }

  private static List<String> names(JsonNode row) {
    List<String> out = new ArrayList<>();
    row.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void loginAnswersTheDocumentedBodyAndASessionCookie() throws Exception {
    HttpResponse<String> ok = login(TrafficOpsSimulator.USER, TrafficOpsSimulator.PASSWORD);
    assertEquals(200, ok.statusCode());
    assertEquals(
        RstExamples.json(VENDOR + "user_login.rst", "Response Example"), JSON.readTree(ok.body()));
    String documentedCookie =
        Fixtures.read(VENDOR + "user_login.rst")
            .lines()
            .filter(l -> l.startsWith("\tSet-Cookie: "))
            .findFirst()
            .orElseThrow();
    assertTrue(documentedCookie.contains("mojolicious=...; Path=/;"));
    assertTrue(documentedCookie.endsWith("; Max-Age=3600; HttpOnly"));
    String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.matches("mojolicious=[^;]+; Path=/; Max-Age=3600; HttpOnly"), cookie);
    assertFalse(login(TrafficOpsSimulator.USER, "wrong").statusCode() == 200);
  }
}
