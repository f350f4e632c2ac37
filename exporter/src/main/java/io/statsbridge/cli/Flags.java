package io.statsbridge.cli;

import io.statsbridge.status.Shard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The command line, parsed; {@link #parse} throws {@link UsageException} for bad usage. */
public record Flags(
    Optional<Path> configFile,
    InetSocketAddress listenAddress,
    Optional<Path> webConfigFile,
    boolean demo,
    boolean checkConfig,
    boolean skipSecrets,
    String logLevel,
    Shard shard,
    Optional<Path> storagePath,
    boolean lifecycle,
    List<String> reloadAllowedHosts,
    boolean healthcheck,
    boolean version,
    boolean help) {
  public Flags {
    reloadAllowedHosts = List.copyOf(reloadAllowedHosts);
  }

  public static final String USAGE =
      """
      usage: java -jar statsbridge.jar [flags]

        --config.file=PATH          configuration file (default statsbridge.yml)
        --web.listen-address=ADDR   where to serve /metrics (default :9873; host:port, [::1]:port)
        --web.config.file=PATH      TLS and basic auth, in Prometheus' web.yml format; read again
                                    when it or its certificate and key change, and on reload
        --demo                      run against the built-in simulator; needs no config or account
        --check-config              validate the configuration, print every problem, exit
        --check-config.skip-secrets with --check-config: lint without the secrets (CI); unset
                                    ${VARS} and absent secret files are listed, not problems
        --web.enable-lifecycle      allow POST /-/reload (off by default, as in Prometheus;
                                    SIGHUP always reloads)
        --web.reload-allowed-hosts=NAME,...
                                    more host names POST /-/reload may be addressed to
                                    (repeatable; *.example.org for its subdomains); always
                                    allowed: IP addresses, localhost, the listen address and
                                    the machine's names
        --log.level=LEVEL           debug, info, warn or error (default info)
        --shard=INDEX/COUNT         poll only the queries whose name hashes to INDEX of COUNT
                                    replicas; auto/COUNT takes INDEX from the pod name (name-2 → 2)
        --storage.path=DIR          keep each query's window cursor in DIR, so that a restart
                                    resumes where the last scrape left off (default: memory only)
        --healthcheck               ask the statsbridge this container runs whether it is healthy
                                    (GET /-/healthy at its own --web.listen-address, over TLS if
                                    its --web.config.file has tls_server_config); exit 0 if so,
                                    1 if not. Given --web.* flags too, asks where they say.
        --version                   print the version and exit
        --help                      print this help and exit

      Exit codes: 0 ok, 1 invalid configuration or cannot start, 2 bad usage.
      """;

  /** Where {@code --shard=auto} finds the pod's name; asked only for {@code auto}. */
  interface PodName {
    String get() throws UnknownHostException;
  }

  /** {@code POD_NAME}, else {@code HOSTNAME}, else the host name the machine resolves. */
  static final PodName POD_NAME =
      () -> {
        String host = System.getenv().getOrDefault("POD_NAME", System.getenv("HOSTNAME"));
        return host != null ? host : InetAddress.getLocalHost().getHostName();
      };

  public static Flags parse(String... args) throws UsageException {
    return parse(POD_NAME, args);
  }

  static Flags parse(PodName podName, String... args) throws UsageException {
    Optional<Path> config = Optional.empty();
    String listen = ":9873";
    Optional<Path> webConfig = Optional.empty();
    boolean demo = false;
    boolean check = false;
    boolean skipSecrets = false;
    boolean lifecycle = false;
    List<String> reloadHosts = new ArrayList<>();
    boolean healthcheck = false;
    String level = "info";
    String shard = null;
    Optional<Path> storage = Optional.empty();
    boolean version = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--demo" -> demo = flag(name, value);
        case "--check-config" -> check = flag(name, value);
        case "--check-config.skip-secrets" -> skipSecrets = flag(name, value);
        case "--web.enable-lifecycle" -> lifecycle = flag(name, value);
        case "--healthcheck" -> healthcheck = flag(name, value);
        case "--version" -> version = flag(name, value);
        case "--help", "-h" -> help = flag(name, value);
        case "--config.file",
            "--web.listen-address",
            "--web.config.file",
            "--log.level",
            "--shard",
            "--storage.path",
            "--web.reload-allowed-hosts" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--config.file" -> config = Optional.of(Path.of(value));
            case "--web.listen-address" -> listen = value;
            case "--web.config.file" -> webConfig = Optional.of(Path.of(value));
            case "--shard" -> shard = value;
            case "--storage.path" -> storage = Optional.of(Path.of(value));
            case "--web.reload-allowed-hosts" -> reloadHosts.addAll(hostNames(value));
            default -> level = value;
          }
        }
        default -> throw new UsageException("unknown flag " + name);
      }
    }
    if (skipSecrets && !check) {
      throw new UsageException(
          "--check-config.skip-secrets applies to --check-config only: a running exporter needs"
              + " its secrets");
    }
    if (demo && config.isPresent()) {
      throw new UsageException(
          "--demo runs its own built-in configuration against the simulator; leave out"
              + " --config.file (or leave out --demo to use your file)");
    }
    return new Flags(
        config,
        address(listen),
        webConfig,
        demo,
        check,
        skipSecrets,
        level,
        shard(shard, podName),
        storage,
        lifecycle,
        reloadHosts,
        healthcheck,
        version,
        help);
  }

  private static Shard shard(String value, PodName podName) throws UsageException {
    if (value == null) {
      return Shard.ALL;
    }
    try {
      // An explicit index needs no name: a host name that does not resolve must not stop it.
      return Shard.parse(value, value.startsWith("auto/") ? podName.get() : null);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (UnknownHostException e) {
      throw new UsageException("--shard=auto needs the pod name: set POD_NAME or HOSTNAME");
    }
  }

  /**
   * The names of {@code --web.reload-allowed-hosts}: host names (no port, no scheme), or {@code
   * *.domain} for every name under it; lower case, as DNS names compare.
   */
  static List<String> hostNames(String value) throws UsageException {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      String bare = name.startsWith("*.") ? name.substring(2) : name;
      if (!bare.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
        throw new UsageException(
            "--web.reload-allowed-hosts takes host names separated by commas, e.g."
                + " statsbridge.monitoring.svc,*.example.org (got \""
                + part
                + "\")");
      }
      names.add(name);
    }
    return names;
  }

  private static boolean flag(String name, String value) throws UsageException {
    if (value != null) {
      throw new UsageException(name + " takes no value");
    }
    return true;
  }

  /** {@code :9873}, {@code 0.0.0.0:9873}, {@code localhost:0}, {@code [::1]:9873}. */
  static InetSocketAddress address(String text) throws UsageException {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException(
          "--web.listen-address must be host:port or :port (got \"" + text + "\")");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--web.listen-address has a bad port (got \"" + text + "\")");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
