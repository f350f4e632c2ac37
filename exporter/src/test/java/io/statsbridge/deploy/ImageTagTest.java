package io.statsbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image is tagged with the version it runs: the tag the README, docs/deployment.md and the
 * kustomization use, the image's version label and statsbridge_build_info{version} are all the
 * project's version.
 */
class ImageTagTest {
  static final Path ROOT = DeployFilesTest.ROOT;

  static String projectVersion() throws Exception {
    Matcher m =
        Pattern.compile("<artifactId>statsbridge-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  void everyImageTagIsTheProjectVersion() throws Exception {
    String version = projectVersion();
    String dockerfile = Files.readString(DeployFilesTest.DOCKER.resolve("Dockerfile"));
    Matcher label = Pattern.compile("(?m)^ARG VERSION=(\\S+)$").matcher(dockerfile);
    assertTrue(label.find(), "Dockerfile's VERSION argument");
    assertEquals(version, label.group(1), "the image's version label");
    JsonNode kustomization =
        DeployFilesTest.YAML.readTree(DeployFilesTest.K8S.resolve("kustomization.yaml").toFile());
    assertEquals(version, kustomization.path("images").get(0).path("newTag").asText());
    List<String> tags = new ArrayList<>();
    for (Path file :
        List.of(
            ROOT.resolve("README.md"),
            ROOT.resolve("docs/deployment.md"),
            DeployFilesTest.K8S.resolve("kustomization.yaml"))) {
      Matcher tag = Pattern.compile("/statsbridge:([\\w.-]+)").matcher(Files.readString(file));
      while (tag.find()) {
        tags.add(tag.group(1));
      }
    }
    assertTrue(tags.size() >= 4, "tags " + tags);
    assertEquals(List.of(version), tags.stream().distinct().toList());
  }

  @Test
  void theImageBuildTakesTheRevisionAsABuildArgument() throws Exception {
    String dockerfile = Files.readString(DeployFilesTest.DOCKER.resolve("Dockerfile"));
    int arg = dockerfile.indexOf("\nARG STATSBRIDGE_REVISION\n");
    int build = dockerfile.indexOf("RUN ./mvnw");
    assertTrue(arg > 0 && arg < build, "ARG STATSBRIDGE_REVISION before the build");
    assertTrue(
        Files.readString(ROOT.resolve("pom.xml"))
            .contains("<name>env.STATSBRIDGE_REVISION</name>"));
    assertTrue(
        Files.readString(ROOT.resolve("README.md"))
            .contains("--build-arg STATSBRIDGE_REVISION=$(git rev-parse HEAD)"));
  }
}
