package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.SourceConfig;
import io.statsbridge.log.Redactor;
import io.statsbridge.testing.Sources;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy keys of every source type, read through the real loader: Prometheus' rules. */
class ProxyConfigTest {
  static final String PASSWORD = "pr0xy-passw0rd";

  /** A valid source of each type; the proxy keys go at the end. */
  private static String source(String type, String proxyKeys) {
    String base =
        switch (type) {
          case "datadog" -> "{type: datadog, api_key: key1, app_key: key2";
          case "dynatrace" ->
              "{type: dynatrace, url: \"https://abc.live.dynatrace.com\", api_token: t0ken";
          default ->
              "{type: traffic_ops, url: \"https://to.example.net\", username: u, password: p";
        };
    String query =
        switch (type) {
          case "datadog" -> "{name: q, source: s}";
          case "dynatrace" -> "{name: q, source: s, metric_selector: \"builtin:host.cpu.usage\"}";
          default -> "{name: q, source: s, cdns: [a]}";
        };
    return "sources:\n  s: " + base + proxyKeys + "}\nqueries: [" + query + "]\n";
  }

  private static Config parse(String yaml) throws ConfigException {
    return Providers.loaders().create(Map.<String, String>of()::get).parse("p.yml", yaml);
  }

  private static String problems(String yaml) {
    return String.join("\n", assertThrows(ConfigException.class, () -> parse(yaml)).problems());
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void everySourceTypeTakesAProxyWithCredentialsThatAreSecrets(String type) throws Exception {
    Config config =
        parse(
            source(
                type,
                ", proxy_url: \"http://squid-user:"
                    + PASSWORD
                    + "@proxy.example.net:3128\", no_proxy: \"10.0.0.0/8,.internal\""));
    Redactor redactor = Redactor.of(config.secrets());
    assertEquals(
        "<secret> and <secret>",
        redactor.apply(PASSWORD + " and squid-user"),
        config.secrets().toString());
    SourceConfig sc = config.sources().get("s");
    assertFalse(sc.toString().contains(PASSWORD), sc.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void aNoProxyWithoutAProxyUrlIsRefused(String type) {
    assertEquals(
        "p.yml: sources.s.no_proxy: lists hosts that bypass proxy_url: set proxy_url too",
        problems(source(type, ", no_proxy: localhost")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "socks5://u:"
            + PASSWORD
            + "@proxy:1080|must be an http:// URL (got a socks5:// URL; SOCKS"
            + " proxies are not supported)",
        "https://u:"
            + PASSWORD
            + "@proxy:3128|must be an http:// URL: a proxy reached over TLS"
            + " (https://) is not supported",
        "proxy.example.net:3128|must be an http:// URL such as http://proxy.example.net:3128",
        "http://u:" + PASSWORD + "@proxy:3128/v1/|must name only the proxy",
        "http://u:" + PASSWORD + "@:3128|is not a valid URL"
      })
  void aProxyUrlThatIsNotAnHttpProxyIsRefusedWithoutQuotingIt(String urlAndProblem) {
    String[] parts = urlAndProblem.split("\\|");
    String problems = problems(source("datadog", ", proxy_url: \"" + parts[0] + "\""));
    assertTrue(problems.startsWith("p.yml: sources.s.proxy_url: " + parts[1]), problems);
    assertFalse(problems.contains(PASSWORD), problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void proxyFromEnvironmentExcludesProxyUrlAndNoProxy(String type) {
    assertEquals(
        "p.yml: sources.s.no_proxy: must not be set with proxy_from_environment: true (the"
            + " environment's NO_PROXY applies)\n"
            + "p.yml: sources.s.proxy_url: must not be set with proxy_from_environment: true (the"
            + " environment names the proxy)",
        String.join(
            "\n",
            problems(
                    source(
                        type,
                        ", proxy_from_environment: true, proxy_url: \"http://p:3128\", no_proxy:"
                            + " localhost"))
                .lines()
                .sorted()
                .toList()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void aConnectHeaderNeedsAProxy(String type) {
    assertEquals(
        "p.yml: sources.s.proxy_connect_header: is sent to a proxy on CONNECT: set proxy_url or"
            + " proxy_from_environment too",
        problems(source(type, ", proxy_connect_header: {Proxy-Authorization: [Basic abcd]}")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{Proxy-Authorization: \"Bearer " + PASSWORD + "\\x01\"}",
        "{Proxy-Authorization: [[\"" + PASSWORD + "\"]]}",
        "{Proxy-Authorization: {x: \"" + PASSWORD + "\"}}",
        "\"Proxy-Authorization: " + PASSWORD + "\""
      })
  void aConnectHeaderValueThatIsNotOneIsRefusedWithoutQuotingIt(String headers) {
    String problems =
        problems(
            source("datadog", ", proxy_url: \"http://p:3128\", proxy_connect_header: " + headers));
    assertTrue(problems.startsWith("p.yml: sources.s.proxy_connect_header"), problems);
    assertFalse(problems.contains(PASSWORD), problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void connectHeaderValuesAreSecrets(String type) throws Exception {
    Config config =
        parse(
            source(
                type,
                ", proxy_url: \"http://p:3128\", proxy_connect_header: {Proxy-Authorization:"
                    + " [\"Bearer "
                    + PASSWORD
                    + "\"], X-Team: net1}"));
    assertEquals("<secret>", Redactor.of(config.secrets()).apply("Bearer " + PASSWORD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void anEntryOfNoProxyThatCannotBeReadIsNamed(String type) {
    assertEquals(
        "p.yml: sources.s.no_proxy: \"10.0.0.0/33\" is neither *, an IP address, a CIDR block"
            + " (10.0.0.0/8) nor a domain name, each with an optional :port",
        problems(source(type, ", proxy_url: \"http://p:3128\", no_proxy: \"a.net, 10.0.0.0/33\"")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void anEmptyProxyUrlIsNoProxy(String type) throws Exception {
    Config config = parse(source(type, ", proxy_url: \"\", no_proxy: \"\""));
    assertEquals(1, config.sources().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "dynatrace", "traffic_ops"})
  void anUnusableProxyInTheEnvironmentFailsTheOpenNamingSourceAndVariable(String type)
      throws Exception {
    SourceContext context =
        new SourceContext(
            new OkHttpClient(),
            Clock.systemUTC(),
            new io.statsbridge.log.LiveRedactor(Clock.systemUTC()),
            Map.of("HTTPS_PROXY", "socks5://u:" + PASSWORD + "@proxy:1080")::get);
    SourceUnusable e =
        assertThrows(
            SourceUnusable.class,
            () ->
                Sources.firstQuery(
                    source(type, ", proxy_from_environment: true"), Map.of(), context));
    assertTrue(
        e.getMessage()
            .startsWith(
                "source s: proxy_from_environment: HTTPS_PROXY must be an http:// URL (got a"
                    + " socks5:// URL"),
        e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }
}
