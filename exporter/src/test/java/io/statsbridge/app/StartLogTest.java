package io.statsbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statsbridge.demo.Simulator;
import io.statsbridge.demo.Traffic;
import io.statsbridge.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start line names the address as a person would type it on the command line. */
class StartLogTest {
  @Test
  void addressesAreWrittenAsHostColonPortWithIpv6InBrackets() {
    assertEquals("0.0.0.0:9873", App.hostPort(new InetSocketAddress("0.0.0.0", 9873)));
    assertEquals("127.0.0.1:9873", App.hostPort(new InetSocketAddress("127.0.0.1", 9873)));
    assertEquals("localhost:9873", App.hostPort(new InetSocketAddress("localhost", 9873)));
    assertEquals("[::1]:9873", App.hostPort(new InetSocketAddress("::1", 9873)));
    assertEquals("[::]:9873", App.hostPort(new InetSocketAddress("::", 9873)));
    assertEquals(
        "[2001:db8::1:0:0:1]:80", App.hostPort(new InetSocketAddress("2001:db8:0:0:1:0:0:1", 80)));
    assertEquals("[fe80::1%1]", "[" + App.compressed("fe80:0:0:0:0:0:0:1%1") + "]");
    assertEquals("1:2:3:4:5:6:7:8", App.compressed("1:2:3:4:5:6:7:8"));
    assertEquals("1:0:3:4:5:6:7:8", App.compressed("1:0:3:4:5:6:7:8"));
  }

  @Test
  void theStartLineHasNoSlashBeforeTheAddress() throws Exception {
    assertEquals(
        "127.0.0.1:", startLineAddress(new InetSocketAddress("127.0.0.1", 0)).split("(?<=:)")[0]);
  }

  @Test
  void theStartLineBracketsAnIpv6Address() throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    assertTrue(startLineAddress(new InetSocketAddress("::1", 0)).startsWith("[::1]:"));
  }

  /** The {@code address=} field of the start line of an exporter listening on {@code listen}. */
  private static String startLineAddress(InetSocketAddress listen) throws Exception {
    try (Simulator simulator = Simulator.start(Traffic.of(2, 2), Clock.systemUTC());
        LogCapture log = new LogCapture()) {
      String yaml =
          """
          sources:
            sim: {type: datadog, base_url: "%s", api_key: "%s", app_key: "%s"}
          queries:
            - {name: q, source: sim, group_by: [client_service]}
          """
              .formatted(simulator.url(), Simulator.DEMO_API_KEY, Simulator.DEMO_APP_KEY);
      try (App app =
          App.start(
              () -> Providers.loaders().create(Map.<String, String>of()::get).parse("s.yml", yaml),
              Options.builder(listen).unscheduled().build())) {
        String line =
            log.lines().stream()
                .filter(l -> l.contains("msg=\"statsbridge started\""))
                .findFirst()
                .orElseThrow();
        String address = line.replaceFirst("(?s).* address=(\\S+) .*", "$1");
        assertTrue(address.endsWith(":" + app.port()), line);
        return address;
      }
    }
  }

  private static boolean ipv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
