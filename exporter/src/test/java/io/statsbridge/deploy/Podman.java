package io.statsbridge.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statsbridge.testing.RealBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman as the container test runs it: through {@code docker/test/podman}, which holds the
 * settings that work on these machines and keeps the test's images on storage of their own.
 */
final class Podman {
  /** What a finished command wrote, stdout and stderr apart. */
  record Result(int exitCode, String stdout, String stderr) {
    String both() {
      return stdout + stderr;
    }

    Result ok(String what) {
      if (exitCode != 0) {
        throw new AssertionError(what + " exited " + exitCode + ":\n" + stdout + stderr);
      }
      return this;
    }
  }

  private final Path root;

  private Podman(Path root) {
    this.root = root;
  }

  /**
   * Podman, run as root (rootless podman needs settings these machines lack); skipped without, or
   * failed with CI=true, as every test of a real component is.
   */
  static Podman require(Path root) {
    RealBinary.require("podman");
    RealBinary.require("mmdebstrap");
    boolean isRoot = "root".equals(System.getProperty("user.name"));
    if (!isRoot && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("the container test runs podman as root; CI runs as root");
    }
    assumeTrue(isRoot, "the container test runs podman as root");
    return new Podman(root);
  }

  /**
   * Builds docker/Dockerfile, both stages, as {@code tag}, on the base images made from Debian's
   * packages (docker/test/base-images). The build stage takes Maven and every dependency from this
   * build's own repository (the wrapper's Maven too), so it needs no network; --format docker keeps
   * the HEALTHCHECK.
   */
  void buildImage(String tag) throws IOException, InterruptedException {
    List<String> build = new ArrayList<>(List.of("build", "--format", "docker"));
    script(Duration.ofMinutes(30), "docker/test/base-images")
        .ok("docker/test/base-images")
        .stdout()
        .lines()
        .filter(l -> l.matches("[A-Z_]+=\\S+"))
        .forEach(arg -> build.addAll(List.of("--build-arg", arg)));
    String home = System.getProperty("user.home");
    Path repository =
        Path.of(
            System.getProperty(
                "statsbridge.m2.repository", Path.of(home, ".m2", "repository").toString()));
    Path wrapper =
        Path.of(
            System.getenv().getOrDefault("MAVEN_USER_HOME", Path.of(home, ".m2").toString()),
            "wrapper");
    build.addAll(List.of("--volume", repository + ":/root/.m2/repository"));
    if (Files.isDirectory(wrapper)) {
      build.addAll(List.of("--volume", wrapper + ":/root/.m2/wrapper", "--network", "none"));
    }
    build.addAll(List.of("--file", "docker/Dockerfile", "--tag", tag, "."));
    podman(Duration.ofMinutes(20), build.toArray(String[]::new)).ok("podman build");
    // The image this build replaced, and the build stage of the last one.
    podman(Duration.ofSeconds(60), "image", "prune", "--force");
  }

  Result podman(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("docker/test/podman").toString());
    command.addAll(List.of(args));
    return run(command, timeout);
  }

  Result script(Duration timeout, String script) throws IOException, InterruptedException {
    return run(List.of(root.resolve(script).toString()), timeout);
  }

  private Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    // Output goes to the system's temporary folder, never into the working tree.
    Path out = Files.createTempFile("statsbridge-podman-out", ".log");
    Path err = Files.createTempFile("statsbridge-podman-err", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            command + " did not finish in " + timeout + ":\n" + read(out) + read(err));
      }
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
