package io.statsbridge.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shipped Grafana dashboards, read as a test needs them. */
public final class Dashboards {
  public static final Path DIR = Path.of("..", "dashboards").toAbsolutePath().normalize();

  /** One panel query. */
  public record Target(String dashboard, String panel, String description, String expr) {}

  private Dashboards() {}

  public static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  public static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** Every panel that shows data (rows are only headings). */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      if (p.path("type").asText().equals("row")) {
        p.path("panels").forEach(out::add);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  public static List<Target> targets(JsonNode dashboard) {
    List<Target> out = new ArrayList<>();
    for (JsonNode p : panels(dashboard)) {
      for (JsonNode t : p.path("targets")) {
        out.add(
            new Target(
                dashboard.path("uid").asText(),
                p.path("title").asText(),
                p.path("description").asText(),
                t.path("expr").asText()));
      }
    }
    return out;
  }
}
