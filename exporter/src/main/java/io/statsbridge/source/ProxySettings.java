package io.statsbridge.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A source's outbound proxy, with the keys and rules of Prometheus' HTTP client config: {@code
 * proxy_url} (an http:// proxy, credentials in the URL), {@code no_proxy} (hosts that bypass it),
 * {@code proxy_from_environment} (HTTP_PROXY, HTTPS_PROXY and NO_PROXY, read when the source opens)
 * and {@code proxy_connect_header} (headers for the proxy on CONNECT, whose values are secrets).
 *
 * @param server the proxy of {@code proxy_url}
 * @param connectHeaders by header name, in config order
 */
public record ProxySettings(
    Optional<ProxyServer> server,
    NoProxy noProxy,
    boolean fromEnvironment,
    Map<String, List<Secret>> connectHeaders) {
  /** No proxy: every request goes straight to its upstream. */
  public static final ProxySettings NONE =
      new ProxySettings(Optional.empty(), NoProxy.NONE, false, Map.of());

  /** RFC 9110 token characters: a header name. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public ProxySettings {
    connectHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connectHeaders));
  }

  /** The config keys every source type accepts, bound by each provider's source record. */
  public record Keys(
      String proxyUrl, String noProxy, Boolean proxyFromEnvironment, JsonNode proxyConnectHeader) {}

  /**
   * Validates the proxy keys of a source; empty, with problems recorded under each key, when they
   * are wrong. An empty {@code proxy_url} or {@code no_proxy} is unset, as in Prometheus, so that
   * {@code proxy_url: ${PROXY}} can be empty where no proxy is needed.
   */
  public static Optional<ProxySettings> read(ConfigNode node, Keys keys) {
    boolean ok = true;
    String url = blankToNull(keys.proxyUrl());
    String noProxyText = blankToNull(keys.noProxy());
    boolean fromEnvironment = Boolean.TRUE.equals(keys.proxyFromEnvironment());
    Optional<ProxyServer> server = Optional.empty();
    if (url != null) {
      if (fromEnvironment) {
        node.problem(
            "proxy_url",
            "must not be set with proxy_from_environment: true (the environment names the proxy)");
        ok = false;
      }
      try {
        server = Optional.of(ProxyServer.parse(url, false));
      } catch (IllegalArgumentException e) {
        node.problem("proxy_url", e.getMessage());
        ok = false;
      }
    }
    NoProxy noProxy = NoProxy.NONE;
    if (noProxyText != null) {
      if (fromEnvironment) {
        node.problem(
            "no_proxy",
            "must not be set with proxy_from_environment: true (the environment's NO_PROXY"
                + " applies)");
        ok = false;
      } else if (url == null) {
        node.problem("no_proxy", "lists hosts that bypass proxy_url: set proxy_url too");
        ok = false;
      }
      NoProxy.Parsed parsed = NoProxy.parse(noProxyText);
      parsed.problems().forEach(p -> node.problem("no_proxy", p));
      ok &= parsed.problems().isEmpty();
      noProxy = parsed.noProxy();
    }
    Optional<Map<String, List<Secret>>> headers = connectHeaders(node, keys.proxyConnectHeader());
    ok &= headers.isPresent();
    if (headers.map(h -> !h.isEmpty()).orElse(false) && url == null && !fromEnvironment) {
      node.problem(
          "proxy_connect_header",
          "is sent to a proxy on CONNECT: set proxy_url or proxy_from_environment too");
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(new ProxySettings(server, noProxy, fromEnvironment, headers.get()));
  }

  /**
   * {@code proxy_connect_header}: header names to lists of values (one value alone is taken as a
   * list of one). Read from the YAML tree, not bound, so that no type error quotes a value: they
   * are credentials.
   */
  private static Optional<Map<String, List<Secret>>> connectHeaders(
      ConfigNode node, JsonNode given) {
    if (given == null || given.isNull()) {
      return Optional.of(Map.of());
    }
    if (!given.isObject()) {
      node.problem("proxy_connect_header", "must be a mapping of header names to lists of values");
      return Optional.empty();
    }
    boolean ok = true;
    Map<String, List<Secret>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : given.properties()) {
      String name = e.getKey();
      String key = "proxy_connect_header." + name;
      if (!TOKEN.matcher(name).matches()) {
        node.problem("proxy_connect_header", "has a header name that is not an HTTP token");
        ok = false;
        continue;
      }
      JsonNode values = e.getValue();
      List<JsonNode> list = new ArrayList<>();
      if (values.isArray()) {
        values.forEach(list::add);
      } else {
        list.add(values);
      }
      if (list.isEmpty()) {
        node.problem(key, "must be a list of at least one value");
        ok = false;
      }
      List<Secret> secrets = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode value = list.get(i);
        if (!value.isTextual() || !headerValue(value.asText())) {
          // Not quoted: the value is a credential.
          node.problem(
              values.isArray() ? key + "[" + i + "]" : key,
              "must be a header value: a string of tab and printable ASCII characters");
          ok = false;
        } else {
          secrets.add(new Secret(value.asText().strip()));
        }
      }
      headers.put(name, List.copyOf(secrets));
    }
    return ok ? Optional.of(headers) : Optional.empty();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static boolean headerValue(String value) {
    return !value.isBlank() && value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e));
  }

  /** Proxy credentials and connect header values, for the redactor. */
  public Collection<String> secrets() {
    List<String> all = new ArrayList<>();
    server.ifPresent(s -> all.addAll(s.secrets()));
    connectHeaders.values().forEach(list -> list.forEach(s -> all.add(s.value())));
    return all;
  }

  public boolean isNone() {
    return server.isEmpty() && !fromEnvironment;
  }
}
