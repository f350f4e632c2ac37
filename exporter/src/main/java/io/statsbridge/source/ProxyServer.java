package io.statsbridge.source;

import io.statsbridge.config.Secret;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;

/**
 * One HTTP proxy: where it listens and, when its URL names a user ({@code
 * http://user:password@proxy:3128}), the {@code Proxy-Authorization} value that goes to it and
 * nowhere else. Its text never shows the credentials.
 *
 * @param credentials the whole {@code Basic …} header value
 * @param secrets user name, password and the header's token, for the redactor
 */
public record ProxyServer(
    String host, int port, Optional<Secret> credentials, List<String> secrets) {
  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

  public ProxyServer {
    secrets = List.copyOf(secrets);
  }

  /**
   * Reads {@code text}; {@code schemeOptional} lets {@code host:port} stand for {@code
   * http://host:port}, as the environment's HTTP_PROXY may be written.
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the text: it may hold a
   *     password
   */
  public static ProxyServer parse(String text, boolean schemeOptional) {
    String url = text.strip();
    Matcher scheme = SCHEME.matcher(url);
    if (!scheme.matches()) {
      if (!schemeOptional) {
        throw new IllegalArgumentException(
            "must be an http:// URL such as http://proxy.example.net:3128");
      }
      url = "http://" + url;
    } else {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (name.equals("https")) {
        throw new IllegalArgumentException(
            "must be an http:// URL: a proxy reached over TLS (https://) is not supported;"
                + " https upstreams still go through an http:// proxy in an encrypted CONNECT"
                + " tunnel");
      }
      if (!name.equals("http")) {
        throw new IllegalArgumentException(
            "must be an http:// URL (got a "
                + (name.matches("[a-z0-9+.-]{1,16}") ? name + "://" : "different")
                + " URL; SOCKS proxies are not supported)");
      }
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "is not a valid URL (expected http://[user:password@]host[:port])");
    }
    if (!parsed.encodedPath().equals("/")
        || parsed.encodedQuery() != null
        || parsed.encodedFragment() != null) {
      throw new IllegalArgumentException(
          "must name only the proxy: http://[user:password@]host[:port], without a path or query");
    }
    String user = parsed.username();
    String password = parsed.password();
    if (user.isEmpty() && password.isEmpty()) {
      return new ProxyServer(parsed.host(), parsed.port(), Optional.empty(), List.of());
    }
    if (!printable(user) || !printable(password)) {
      throw new IllegalArgumentException("holds a user or password with control characters");
    }
    String header = Credentials.basic(user, password, StandardCharsets.UTF_8);
    List<String> secrets =
        new ArrayList<>(List.of(user, password, header.substring("Basic ".length())));
    // As written in the URL too, should the percent-encoded form ever be echoed.
    secrets.add(parsed.encodedUsername());
    secrets.add(parsed.encodedPassword());
    return new ProxyServer(parsed.host(), parsed.port(), Optional.of(new Secret(header)), secrets);
  }

  private static boolean printable(String s) {
    return s.chars().noneMatch(Character::isISOControl);
  }

  /** The address OkHttp connects to; resolved by OkHttp's DNS when a connection is made. */
  public Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  /** {@code host:port}, for logs: no credentials. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return "http proxy " + address() + (credentials.isPresent() ? " (with credentials)" : "");
  }
}
