package io.statsbridge.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names {@code POST /-/reload} may be addressed to: a defence against DNS rebinding. A
 * page on {@code evil.example} that makes its name resolve to the exporter's address sends the
 * browser's requests with {@code Host: evil.example} and an {@code Origin} of the same site, so the
 * cross-site check lets them through; only the {@code Host} header tells them apart. Always
 * allowed: an IP address (a browser that uses one is not being rebound), {@code localhost}, the
 * listen address's name and the machine's own names; {@code --web.reload-allowed-hosts} adds more
 * (the names a Service or an ingress reaches the exporter by), {@code *.domain} for every name
 * under it.
 */
public final class ReloadHosts {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Set<String> names;
  private final List<String> suffixes;

  private ReloadHosts(Set<String> names, List<String> suffixes) {
    this.names = Set.copyOf(names);
    this.suffixes = List.copyOf(suffixes);
  }

  /**
   * @param extra the names of {@code --web.reload-allowed-hosts}, lower case
   * @param machine the machine's own names ({@link #machineNames()})
   */
  public static ReloadHosts of(InetSocketAddress listen, List<String> extra, List<String> machine) {
    Set<String> names = new LinkedHashSet<>();
    List<String> suffixes = new ArrayList<>();
    names.add("localhost");
    names.add(normal(listen.getHostString()));
    machine.forEach(n -> names.add(normal(n)));
    for (String name : extra) {
      if (name.startsWith("*.")) {
        suffixes.add(normal(name.substring(1)));
      } else {
        names.add(normal(name));
      }
    }
    return new ReloadHosts(names, suffixes);
  }

  /**
   * The names this machine answers to: {@code POD_NAME}, {@code HOSTNAME} and the host name the JVM
   * finds, with its canonical name when it resolves. Read once, at start: a lookup may be slow.
   */
  public static List<String> machineNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String variable : List.of("POD_NAME", "HOSTNAME")) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        names.add(value.trim());
      }
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      names.add(local.getHostName());
      names.add(local.getCanonicalHostName());
    } catch (UnknownHostException e) {
      // A host name that does not resolve: the environment's names above are all there is.
    }
    return List.copyOf(names);
  }

  /** Whether a request with this {@code Host} header may reload; no header: not a browser. */
  boolean allows(String hostHeader) {
    if (hostHeader == null) {
      return true;
    }
    String host = hostHeader.trim();
    if (host.startsWith("[")) {
      return host.indexOf(']') > 0; // an IPv6 address
    }
    int colon = host.indexOf(':');
    String name = normal(colon >= 0 ? host.substring(0, colon) : host);
    if (IPV4.matcher(name).matches() || names.contains(name)) {
      return true;
    }
    return suffixes.stream().anyMatch(name::endsWith);
  }

  private static String normal(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
