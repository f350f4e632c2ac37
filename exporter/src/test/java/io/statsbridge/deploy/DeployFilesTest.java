package io.statsbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.statsbridge.app.Providers;
import io.statsbridge.config.Config;
import io.statsbridge.status.Shard;
import io.statsbridge.testing.Processes;
import io.statsbridge.testing.RealBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container, compose and Kubernetes files: parsed, cross-checked, and run through the real
 * tools.
 */
class DeployFilesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DOCKER = ROOT.resolve("docker");
  static final Path K8S = DOCKER.resolve("kubernetes");
  static final YAMLMapper YAML = new YAMLMapper();

  static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  static JsonNode one(String file) throws Exception {
    List<JsonNode> docs = documents(K8S.resolve(file));
    assertEquals(1, docs.size(), file);
    return docs.get(0);
  }

  @Test
  void dockerComposeAcceptsTheComposeFile() throws Exception {
    Path compose = RealBinary.require("docker-compose");
    Processes.Result r =
        Processes.run(
            List.of(
                compose.toString(),
                "-f",
                DOCKER.resolve("docker-compose.yml").toString(),
                "config",
                "--quiet"),
            new byte[0],
            DOCKER);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void everyFileTheComposeStackMountsExistsAndNothingIsCopied() throws Exception {
    JsonNode compose = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
    int mounts = 0;
    for (JsonNode service : compose.path("services")) {
      for (JsonNode volume : service.path("volumes")) {
        String host = volume.asText().split(":")[0];
        if (!host.startsWith(".") && !host.startsWith("/")) {
          continue; // a named volume, not a file of the repository
        }
        assertTrue(Files.exists(DOCKER.resolve(host).normalize()), "missing mounted file " + host);
        mounts++;
      }
    }
    assertTrue(mounts >= 6, "mounts: " + mounts);
    String text = Files.readString(DOCKER.resolve("docker-compose.yml"));
    assertTrue(text.contains("../alerts/statsbridge.rules.yml:"));
    assertTrue(text.contains("../alerts/alertmanager.yml:"));
    assertTrue(text.contains("../dashboards:"));
    JsonNode statsbridge = compose.path("services").path("statsbridge");
    assertEquals(
        "[\"--demo\",\"--storage.path=/var/lib/statsbridge\",\"--web.enable-lifecycle\"]",
        statsbridge.path("command").toString());
    assertEquals(
        "statsbridge-state:/var/lib/statsbridge", statsbridge.path("volumes").get(0).asText());
    assertTrue(compose.path("volumes").has("statsbridge-state"));
    assertTrue(compose.path("version").isMissingNode(), "the obsolete version key is gone");
  }

  @Test
  void promtoolAcceptsTheComposePrometheusConfig() throws Exception {
    Processes.Result r =
        Processes.run(
            List.of(RealBinary.require("promtool").toString(), "check", "config", "prometheus.yml"),
            new byte[0],
            DOCKER);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void theDockerfileBuildsWithTheReadmesCommand() throws Exception {
    Pattern build = Pattern.compile("\\./mvnw [^\\n&]*package[^\\n&]*");
    Matcher inDockerfile = build.matcher(Files.readString(DOCKER.resolve("Dockerfile")));
    Matcher inReadme = build.matcher(Files.readString(ROOT.resolve("README.md")));
    assertTrue(inDockerfile.find() && inReadme.find());
    assertEquals(inReadme.group().strip(), inDockerfile.group().strip());
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    for (String needed :
        List.of(
            "ARG JDK_IMAGE=eclipse-temurin:17-jdk\n",
            "ARG JRE_IMAGE=eclipse-temurin:17-jre\n",
            "FROM ${JDK_IMAGE} AS build\n",
            "FROM ${JRE_IMAGE}\n",
            "EXPOSE 9873",
            "USER 10001",
            "org.opencontainers.image.title",
            "/etc/statsbridge/statsbridge.yml")) {
      assertTrue(dockerfile.contains(needed), "Dockerfile lacks " + needed);
    }
  }

  /** The JSON array of an exec-form instruction ({@code ENTRYPOINT ["java", …]}). */
  static List<String> execForm(String instruction) throws Exception {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile")).replace("\\\n", " ");
    Matcher m = Pattern.compile("(?m)^" + instruction + " (\\[.*])$").matcher(dockerfile);
    assertTrue(m.find(), "no exec-form " + instruction);
    List<String> out = new ArrayList<>();
    YAML.readTree(m.group(1)).forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The JVM's flags are on the command line: in JAVA_TOOL_OPTIONS (or JDK_JAVA_OPTIONS) the JVM
   * first prints a line of its own, "Picked up JAVA_TOOL_OPTIONS: …", which is not logfmt.
   */
  @Test
  void theJvmFlagsAreInTheEntrypointAndTheEnvironmentHasNone() throws Exception {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    assertFalse(dockerfile.matches("(?s).*\\n\\s*ENV [^\\n]*JAVA_TOOL_OPTIONS.*"), dockerfile);
    assertFalse(dockerfile.matches("(?s).*\\n\\s*ENV [^\\n]*JDK_JAVA_OPTIONS.*"), dockerfile);
    assertEquals(
        List.of(
            "java",
            "-XX:+UseG1GC",
            "-XX:MaxRAMPercentage=75",
            "-Xms32m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:NewSize=16m",
            "-XX:SurvivorRatio=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/opt/statsbridge/statsbridge.jar"),
        execForm("ENTRYPOINT"));
    // The sizing page's figures name the same flags.
    assertTrue(
        Files.readString(ROOT.resolve("docs/sizing.md"))
            .contains(
                "`-Xms32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:NewSize=16m"
                    + " -XX:SurvivorRatio=1`"));
  }

  /**
   * The HEALTHCHECK asks statsbridge itself, which reads the running statsbridge's flags: a check
   * of its own (plain HTTP to 127.0.0.1:9873) failed with TLS or another listen address.
   */
  @Test
  void theHealthcheckIsStatsbridgesOwn() throws Exception {
    List<String> check = execForm("HEALTHCHECK [^\\[]*CMD");
    assertEquals("java", check.get(0));
    assertEquals(
        List.of("-jar", "/opt/statsbridge/statsbridge.jar", "--healthcheck"),
        check.subList(check.size() - 3, check.size()));
  }

  @Test
  void theKubernetesManifestsParseAndKustomizeListsThemAll() throws Exception {
    JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
    List<String> resources = new ArrayList<>();
    kustomization.path("resources").forEach(r -> resources.add(r.asText()));
    try (var files = Files.list(K8S)) {
      List<String> manifests =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .sorted()
              .toList();
      assertEquals(manifests, resources.stream().sorted().toList());
    }
    for (String r : resources) {
      JsonNode doc = one(r);
      assertFalse(doc.path("kind").asText().isEmpty(), r);
      assertFalse(doc.path("apiVersion").asText().isEmpty(), r);
    }
  }

  /**
   * What {@code kubectl apply -k} applies, as kubectl builds it: Debian's kubectl (1.20, kustomize
   * 2) as well as newer ones, so the kustomization uses no field newer than those.
   */
  @Test
  void kubectlKustomizeBuildsEveryManifestWithItsLabelsAndImage() throws Exception {
    Path kubectl = RealBinary.require("kubectl");
    Path out = Files.createTempFile("statsbridge-kustomize", ".yaml");
    try {
      Processes.Result r =
          Processes.run(
              List.of(
                  "sh",
                  "-c",
                  "exec \"$0\" kustomize \"$1\" > \"$2\"",
                  kubectl.toString(),
                  K8S.toString(),
                  out.toString()),
              new byte[0],
              DOCKER);
      assertEquals(0, r.exitCode(), r.output());
      List<String> kinds = new ArrayList<>();
      for (JsonNode doc : documents(out)) {
        kinds.add(doc.path("kind").asText());
        JsonNode labels = doc.path("metadata").path("labels");
        assertEquals("statsbridge", labels.path("app.kubernetes.io/name").asText(), doc.toString());
        assertEquals("statsbridge", labels.path("app.kubernetes.io/part-of").asText());
        if (doc.path("kind").asText().equals("StatefulSet")) {
          assertEquals(
              "registry.example.com/you/statsbridge:0.1.0-SNAPSHOT",
              doc.path("spec")
                  .path("template")
                  .path("spec")
                  .path("containers")
                  .get(0)
                  .path("image")
                  .asText());
        }
      }
      assertEquals(
          List.of("ConfigMap", "PrometheusRule", "Service", "ServiceMonitor", "StatefulSet"),
          kinds.stream().sorted().toList());
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** With TLS on, the probes must be HTTPS (plain HTTP gets a 400): the manifest says how. */
  @Test
  void theProbesSayHowToWorkWithTls() throws Exception {
    assertTrue(Files.readString(K8S.resolve("statefulset.yaml")).contains("add scheme: HTTPS"));
    assertTrue(Files.readString(ROOT.resolve("docs/deployment.md")).contains("`scheme: HTTPS`"));
  }

  @Test
  void theStatefulSetShardsByPodNameAndRunsLockedDown() throws Exception {
    JsonNode sts = one("statefulset.yaml");
    assertEquals("StatefulSet", sts.path("kind").asText());
    int replicas = sts.path("spec").path("replicas").asInt();
    JsonNode container = sts.path("spec").path("template").path("spec").path("containers").get(0);
    assertTrue(
        container.path("args").toString().contains("\"--shard=auto/" + replicas + "\""),
        container.path("args").toString());
    assertEquals(
        "/-/healthy", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals(
        "/-/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
    assertFalse(container.path("resources").path("requests").isMissingNode());
    assertFalse(container.path("resources").path("limits").isMissingNode());
    assertEquals(
        "metadata.name",
        container.path("env").get(0).path("valueFrom").path("fieldRef").path("fieldPath").asText());
    assertTrue(
        container.path("args").toString().contains("\"--storage.path=/var/lib/statsbridge\""));
    assertTrue(
        container
            .path("volumeMounts")
            .toString()
            .contains("{\"name\":\"state\",\"mountPath\":\"/var/lib/statsbridge\"}"),
        container.path("volumeMounts").toString());
    assertEquals(
        "state",
        sts.path("spec")
            .path("volumeClaimTemplates")
            .get(0)
            .path("metadata")
            .path("name")
            .asText());
    String volumes = sts.path("spec").path("template").path("spec").path("volumes").toString();
    assertTrue(volumes.contains("\"secretName\":\"statsbridge-secrets\""), volumes);
    assertTrue(volumes.contains("\"name\":\"statsbridge-config\""), volumes);
    assertEquals("None", one("service.yaml").path("spec").path("clusterIP").asText());
    assertEquals(
        "metrics",
        one("servicemonitor.yaml").path("spec").path("endpoints").get(0).path("port").asText());
  }

  @Test
  void theConfigMapHoldsAValidConfigReadingSecretsFromTheMountedSecret(@TempDir Path dir)
      throws Exception {
    String yaml = one("configmap.yaml").path("data").path("statsbridge.yml").asText();
    assertTrue(yaml.contains("/run/secrets/statsbridge/"));
    Files.writeString(dir.resolve("dd_api_key"), "a");
    Files.writeString(dir.resolve("dd_app_key"), "b");
    Config config =
        Providers.loaders()
            .create(Map.<String, String>of()::get)
            .parse("configmap", yaml.replace("/run/secrets/statsbridge", dir.toString()));
    assertEquals(2, config.queries().size());
    // Every replica of the StatefulSet polls some of the example's queries.
    JsonNode statefulSet = one("statefulset.yaml");
    int replicas = statefulSet.path("spec").path("replicas").asInt();
    assertTrue(
        statefulSet.toString().contains("--shard=auto/" + replicas), "shard count = replicas");
    for (int i = 0; i < replicas; i++) {
      Shard shard = new Shard(i, replicas);
      assertTrue(
          config.queries().stream().anyMatch(q -> shard.owns(q.name())),
          "pod " + i + " of " + replicas + " polls none of the example's queries");
    }
  }

  @Test
  void thePrometheusRuleHoldsExactlyTheShippedRules() throws Exception {
    JsonNode rule = one("prometheusrule.yaml");
    assertEquals("PrometheusRule", rule.path("kind").asText());
    JsonNode shipped = YAML.readTree(ROOT.resolve("alerts/statsbridge.rules.yml").toFile());
    assertEquals(
        shipped.path("groups"),
        rule.path("spec").path("groups"),
        "docker/kubernetes/prometheusrule.yaml is out of date: run scripts/gen-prometheusrule");
  }
}
