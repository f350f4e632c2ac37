package io.statsbridge.cli;

import io.statsbridge.status.Shard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/** The command line, parsed; {@link #parse} throws {@link UsageException} for bad usage. */
public record Flags(
    Optional<Path> configFile,
    InetSocketAddress listenAddress,
    Optional<Path> webConfigFile,
    boolean demo,
    boolean checkConfig,
    String logLevel,
    Shard shard,
    Optional<Path> storagePath,
    boolean lifecycle,
    boolean healthcheck,
    boolean version,
    boolean help) {

  public static final String USAGE =
      """
      usage: java -jar statsbridge.jar [flags]

        --config.file=PATH          configuration file (default statsbridge.yml)
        --web.listen-address=ADDR   where to serve /metrics (default :9873; host:port, [::1]:port)
        --web.config.file=PATH      TLS and basic auth, in Prometheus' web.yml format
        --demo                      run against the built-in simulator; needs no config or account
        --check-config              validate the configuration, print every problem, exit
        --web.enable-lifecycle      allow POST /-/reload (off by default, as in Prometheus;
                                    SIGHUP always reloads)
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

  public static Flags parse(String... args) throws UsageException {
    Optional<Path> config = Optional.empty();
    String listen = ":9873";
    Optional<Path> webConfig = Optional.empty();
    boolean demo = false;
    boolean check = false;
    boolean lifecycle = false;
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
        case "--web.enable-lifecycle" -> lifecycle = flag(name, value);
        case "--healthcheck" -> healthcheck = flag(name, value);
        case "--version" -> version = flag(name, value);
        case "--help", "-h" -> help = flag(name, value);
        case "--config.file",
            "--web.listen-address",
            "--web.config.file",
            "--log.level",
            "--shard",
            "--storage.path" -> {
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
            default -> level = value;
          }
        }
        default -> throw new UsageException("unknown flag " + name);
      }
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
        level,
        shard(shard),
        storage,
        lifecycle,
        healthcheck,
        version,
        help);
  }

  private static Shard shard(String value) throws UsageException {
    if (value == null) {
      return Shard.ALL;
    }
    try {
      String host = System.getenv().getOrDefault("POD_NAME", System.getenv("HOSTNAME"));
      if (host == null) {
        host = InetAddress.getLocalHost().getHostName();
      }
      return Shard.parse(value, host);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (UnknownHostException e) {
      throw new UsageException("--shard=auto needs the pod name: set POD_NAME or HOSTNAME");
    }
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
