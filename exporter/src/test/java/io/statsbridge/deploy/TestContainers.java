package io.statsbridge.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The containers and volumes one test starts, run as the image says (its user, entrypoint and
 * HEALTHCHECK) with a read-only root file system and no writable /tmp, on the host's network (the
 * test picks loopback addresses and free ports). Removed after the test, when their logs are read.
 */
final class TestContainers {
  static final String LABEL = "io.statsbridge.test=container";
  static final Duration SHORT = Duration.ofSeconds(60);

  /** A logfmt line as statsbridge writes it: ts first, then key=value, quoted when needed. */
  static final Pattern LOGFMT =
      Pattern.compile(
          "ts=[^\\s\"=\\\\]+(?: [A-Za-z_][\\w.-]*=(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s\"=\\\\]+))*");

  private final Podman podman;
  private final String image;
  private final List<String> containers = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();

  TestContainers(Podman podman, String image) {
    this.podman = podman;
    this.image = image;
  }

  /** Starts the image with {@code flags} for statsbridge; returns the container's name. */
  String start(List<String> options, String... flags) throws Exception {
    String name = "statsbridge-test-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> run =
        new ArrayList<>(
            List.of(
                "run",
                "--detach",
                "--name",
                name,
                "--label",
                LABEL,
                "--network",
                "host",
                "--read-only",
                "--read-only-tmpfs=false",
                // The HEALTHCHECK stays; podman's timer for it needs systemd, and the test runs it.
                "--health-interval=disable"));
    run.addAll(options);
    run.add(image);
    run.addAll(List.of(flags));
    podman.podman(SHORT, run.toArray(String[]::new)).ok("podman run");
    containers.add(name);
    return name;
  }

  String volume() throws Exception {
    String name = "statsbridge-test-state-" + UUID.randomUUID();
    podman.podman(SHORT, "volume", "create", "--label", LABEL, name).ok("volume create");
    volumes.add(name);
    return name;
  }

  /** What the container wrote on stdout and stderr: statsbridge logs to stderr. */
  String logs(String container) throws Exception {
    return podman.podman(SHORT, "logs", container).ok("podman logs").both();
  }

  String inspect(String container, String format) throws Exception {
    return podman
        .podman(SHORT, "inspect", "--format", format, container)
        .ok("podman inspect")
        .stdout()
        .strip();
  }

  String allLogs() throws Exception {
    List<String> out = new ArrayList<>();
    for (String c : containers) {
      out.add(c + ":\n" + logs(c));
    }
    return String.join("\n", out);
  }

  /** Removes every container and volume; returns the lines they logged that are not logfmt. */
  List<String> removeAll() throws Exception {
    List<String> notLogfmt = new ArrayList<>();
    for (String c : containers) {
      for (String line : logs(c).lines().toList()) {
        if (!LOGFMT.matcher(line).matches()) {
          notLogfmt.add(c + ": " + line);
        }
      }
      podman.podman(SHORT, "rm", "--force", "--time", "0", c);
    }
    for (String v : volumes) {
      podman.podman(SHORT, "volume", "rm", "--force", v);
    }
    return notLogfmt;
  }

  /** What a run that was killed left behind. */
  static void removeLeftovers(Podman podman) throws Exception {
    for (String id :
        podman.podman(SHORT, "ps", "-aq", "--filter", "label=" + LABEL).stdout().lines().toList()) {
      podman.podman(SHORT, "rm", "--force", "--time", "0", id);
    }
    for (String v :
        podman
            .podman(SHORT, "volume", "ls", "-q", "--filter", "label=" + LABEL)
            .stdout()
            .lines()
            .toList()) {
      podman.podman(SHORT, "volume", "rm", "--force", v);
    }
  }
}
