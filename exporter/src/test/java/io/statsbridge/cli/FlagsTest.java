package io.statsbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.status.Shard;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
  /** A machine whose host name does not resolve, and no POD_NAME or HOSTNAME. */
  private static final Flags.PodName UNRESOLVABLE =
      () -> {
        throw new UnknownHostException("laptop: Name or service not known");
      };

  @Test
  void anExplicitShardIndexNeedsNoHostName() throws Exception {
    assertEquals(new Shard(0, 2), Flags.parse(UNRESOLVABLE, "--shard=0/2").shard());
    assertEquals(new Shard(1, 2), Flags.parse(UNRESOLVABLE, "--shard", "1/2").shard());
  }

  @Test
  void autoShardStillSaysItNeedsThePodName() throws Exception {
    assertEquals(
        "--shard=auto needs the pod name: set POD_NAME or HOSTNAME",
        assertThrows(UsageException.class, () -> Flags.parse(UNRESOLVABLE, "--shard=auto/2"))
            .getMessage());
    assertEquals(
        new Shard(2, 3), assertDoesNotThrowParse(() -> "statsbridge-2", "--shard=auto/3").shard());
  }

  private static Flags assertDoesNotThrowParse(Flags.PodName pod, String... args) {
    try {
      return Flags.parse(pod, args);
    } catch (UsageException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void reloadAllowedHostsAreCommaSeparatedRepeatableAndLowerCase() throws Exception {
    Flags flags =
        Flags.parse(
            "--web.reload-allowed-hosts=Statsbridge.Monitoring.svc, *.example.org",
            "--web.reload-allowed-hosts",
            "scrape.example.net.");
    assertEquals(
        List.of("statsbridge.monitoring.svc", "*.example.org", "scrape.example.net"),
        flags.reloadAllowedHosts());
    assertEquals(List.of(), Flags.parse().reloadAllowedHosts());
  }

  @Test
  void reloadAllowedHostsRefusesWhatIsNotAHostName() {
    for (String bad : List.of("http://x.example", "x.example:9873", "", "a,,b", "*", "a/b")) {
      String message =
          assertThrows(UsageException.class, () -> Flags.parse("--web.reload-allowed-hosts=" + bad))
              .getMessage();
      assertTrue(message.startsWith("--web.reload-allowed-hosts takes host names"), message);
    }
  }

  @Test
  void theConfigurationPageListsTheFlagsAsTheUsageDoes() throws Exception {
    String readme = Files.readString(Path.of("..", "docs", "configuration.md"));
    int section = readme.indexOf("## Command line");
    int start = readme.indexOf("```\n", section) + 4;
    String block = readme.substring(start, readme.indexOf("```", start));
    assertEquals(flagLines(Flags.USAGE), flagLines(block));
  }

  private static List<String> flagLines(String text) {
    return text.lines().filter(l -> l.startsWith("  ")).map(String::strip).toList();
  }

  @Test
  void theUsageNamesEveryFlag() {
    for (String flag :
        List.of(
            "--web.reload-allowed-hosts",
            "--shard",
            "--web.enable-lifecycle",
            "--check-config.skip-secrets")) {
      assertTrue(Flags.USAGE.contains(flag), flag);
    }
  }
}
