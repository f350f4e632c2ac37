package io.statsbridge.source;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts that bypass a proxy: {@code no_proxy} (or the environment's {@code NO_PROXY}), read as
 * Go's {@code golang.org/x/net/http/httpproxy} reads it for Prometheus. A comma-separated list of
 * entries, each one of
 *
 * <ul>
 *   <li>{@code *}: every host;
 *   <li>an IP address ({@code 10.1.2.3}, {@code ::1}, {@code [::1]:8443}) or a CIDR block ({@code
 *       10.0.0.0/8}, {@code fd00::/8});
 *   <li>a domain name: {@code example.net} matches it and every subdomain, {@code .example.net} and
 *       {@code *.example.net} only the subdomains.
 * </ul>
 *
 * An IP address or a domain may end in {@code :port}: it then matches only that port. Unlike Go's
 * reading, {@code localhost} and loopback addresses are not exempt by themselves: they bypass the
 * proxy only when listed.
 */
public final class NoProxy {
  public static final NoProxy NONE = new NoProxy(List.of(), "");

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?");

  /** One entry; {@code port} 0 matches every port. */
  private sealed interface Rule {
    boolean matches(String host, byte[] ip, int port);
  }

  private record Everything() implements Rule {
    @Override
    public boolean matches(String host, byte[] ip, int port) {
      return true;
    }
  }

  private record Block(byte[] network, int prefix) implements Rule {
    @Override
    public boolean matches(String host, byte[] ip, int port) {
      if (ip == null || ip.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private record Address(byte[] address, int port) implements Rule {
    @Override
    public boolean matches(String host, byte[] ip, int port) {
      return ip != null
          && java.util.Arrays.equals(ip, address)
          && (this.port == 0 || this.port == port);
    }
  }

  /** {@code suffix} starts with a dot; {@code alsoItself}: the bare domain matches too. */
  private record Domain(String suffix, boolean alsoItself, int port) implements Rule {
    @Override
    public boolean matches(String host, byte[] ip, int port) {
      boolean name = host.endsWith(suffix) || (alsoItself && host.equals(suffix.substring(1)));
      return name && (this.port == 0 || this.port == port);
    }
  }

  private final List<Rule> rules;
  private final String text;

  private NoProxy(List<Rule> rules, String text) {
    this.rules = List.copyOf(rules);
    this.text = text;
  }

  /** The entries of {@code text} and what is wrong with those that cannot be read. */
  public record Parsed(NoProxy noProxy, List<String> problems) {}

  /** Reads {@code text}; an entry that cannot be read is left out and described in problems. */
  public static Parsed parse(String text) {
    List<Rule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      Optional<Rule> rule = rule(entry);
      if (rule.isPresent()) {
        rules.add(rule.get());
      } else {
        problems.add(
            "\""
                + entry
                + "\" is neither *, an IP address, a CIDR block (10.0.0.0/8) nor a domain name,"
                + " each with an optional :port");
      }
    }
    return new Parsed(new NoProxy(rules, text), List.copyOf(problems));
  }

  private static Optional<Rule> rule(String entry) {
    if (entry.equals("*")) {
      return Optional.of(new Everything());
    }
    int slash = entry.indexOf('/');
    if (slash >= 0) {
      byte[] network = ipLiteral(entry.substring(0, slash));
      String bits = entry.substring(slash + 1);
      if (network == null || !bits.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      int prefix = Integer.parseInt(bits);
      return prefix > network.length * 8
          ? Optional.empty()
          : Optional.of(new Block(network, prefix));
    }
    String host = entry;
    int port = 0;
    int colon = entry.lastIndexOf(':');
    boolean bracketed = entry.startsWith("[");
    // A port follows the last colon of a name, an IPv4 address or a [bracketed] IPv6 address; a
    // bare IPv6 address has colons of its own.
    if (colon > 0 && (bracketed ? entry.charAt(colon - 1) == ']' : entry.indexOf(':') == colon)) {
      String digits = entry.substring(colon + 1);
      if (!digits.matches("\\d{1,5}")
          || Integer.parseInt(digits) < 1
          || Integer.parseInt(digits) > 65535) {
        return Optional.empty();
      }
      port = Integer.parseInt(digits);
      host = entry.substring(0, colon);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    byte[] ip = ipLiteral(host);
    if (ip != null) {
      return Optional.of(new Address(ip, port));
    }
    if (host.startsWith("*.")) {
      host = host.substring(1);
    }
    boolean alsoItself = !host.startsWith(".");
    String name = alsoItself ? host : host.substring(1);
    try {
      name = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!DOMAIN.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Domain("." + name, alsoItself, port));
  }

  /** The bytes of an IP address literal; null for anything else (never a DNS lookup). */
  static byte[] ipLiteral(String text) {
    if (!IPV4.matcher(text).matches() && !(text.contains(":") && text.matches("[0-9a-f:.]+"))) {
      return null;
    }
    try {
      // A literal: InetAddress parses it without asking DNS.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether a request to {@code host} (as OkHttp's HttpUrl gives it) and port goes direct. */
  public boolean bypasses(String host, int port) {
    if (rules.isEmpty()) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    byte[] ip = ipLiteral(name);
    for (Rule rule : rules) {
      if (rule.matches(name, ip, port)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoProxy other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
