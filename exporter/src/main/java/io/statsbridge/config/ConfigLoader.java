package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads statsbridge.yml: YAML → tree, {@code ${ENV}} substitution, {@code defaults:} merged into
 * each query, then one validation pass that reports every problem with its path, prefixed by the
 * file name ({@code statsbridge.yml: queries[0].limit: must be at most 7500 (got 9000)}). Relative
 * file names in it start from the file's folder ({@link LoadContext}).
 */
public final class ConfigLoader {
  static final List<String> TOP_LEVEL = List.of("defaults", "sources", "queries");

  /** The built-in defaults (docs/configuration.md), overridable by {@code defaults:}. */
  public static final Schedule DEFAULT_SCHEDULE =
      new Schedule(
          Duration.ofMinutes(5),
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofHours(1),
          Duration.ofMinutes(1),
          Duration.ofSeconds(1));

  private final Map<String, SourceType> providers;
  private final Function<String, String> env;
  private final boolean secrets;

  /** Makes loaders of one set of upstream types with a given environment. */
  @FunctionalInterface
  public interface Factory {
    ConfigLoader create(Function<String, String> env);
  }

  public ConfigLoader(List<? extends SourceType> providers, Function<String, String> env) {
    Map<String, SourceType> byType = new LinkedHashMap<>();
    for (SourceType p : providers) {
      byType.put(p.type(), p);
    }
    this.providers = Map.copyOf(byType);
    this.env = env;
    this.secrets = true;
  }

  private ConfigLoader(ConfigLoader other, boolean secrets) {
    this.providers = other.providers;
    this.env = other.env;
    this.secrets = secrets;
  }

  /**
   * A loader that lints a config without its secrets, as CI has it ({@code
   * --check-config.skip-secrets}): an unset {@code ${VAR}} and a secret file that is absent or
   * cannot be read are not problems, and the values they make are not checked ({@link
   * Config#unchecked()} says which). Its configs are for checking only, never for polling.
   */
  public ConfigLoader withoutSecrets() {
    return new ConfigLoader(this, false);
  }

  public Config load(Path file) throws ConfigException {
    String text;
    try {
      text = FileProblems.readText(file);
    } catch (FileProblems.Unusable e) {
      throw new ConfigException(List.of(file + ": cannot read config file: " + e.getMessage()));
    }
    return parse(file.toString(), text, LoadContext.of(file, secrets));
  }

  /**
   * Config text without a file (the demo's, a test's): relative file names start from the working
   * directory.
   */
  public Config parse(String fileName, String yaml) throws ConfigException {
    return parse(fileName, yaml, LoadContext.workingDirectory(secrets));
  }

  private Config parse(String fileName, String yaml, LoadContext context) throws ConfigException {
    if (yaml.length() > FileProblems.MAX_BYTES
        || yaml.getBytes(StandardCharsets.UTF_8).length > FileProblems.MAX_BYTES) {
      throw new ConfigException(List.of(fileName + ": " + FileProblems.tooLarge(-1)));
    }
    Problems problems = new Problems();
    JsonNode root = YamlTree.read(fileName, yaml).orElse(null);
    if (root == null || root.isNull()) {
      throw new ConfigException(List.of(fileName + ": is empty (expected sources: and queries:)"));
    }
    if (!(root instanceof ObjectNode top)) {
      throw new ConfigException(
          List.of(fileName + ": must be a mapping with sources: and queries:"));
    }
    new EnvSubstitution(env, problems, context.secrets()).apply(top);
    for (Iterator<String> it = top.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        problems.add(key, UnknownKeys.message(key, TOP_LEVEL));
      }
    }
    Defaults defaults = new Defaults(mapping(top, "defaults", problems).orElseGet(top::objectNode));
    defaults.checkKeys(QueryReader.COMMON_KEYS, providers.values(), problems);
    Map<String, SourceType> types = new LinkedHashMap<>();
    Set<String> sourceNames = new LinkedHashSet<>();
    top.path("sources").fieldNames().forEachRemaining(sourceNames::add);
    Map<String, SourceConfig> sources = parseSources(top, types, problems, context);
    List<QueryConfig> queries =
        new QueryReader(defaults, sourceNames, types, sources, problems, context).read(top);
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.messages().stream().map(m -> fileName + ": " + m).toList());
    }
    return new Config(sources, queries, problems.unchecked());
  }

  private static Optional<ObjectNode> mapping(ObjectNode parent, String key, Problems problems) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node instanceof ObjectNode object) {
      return Optional.of(object);
    }
    problems.add(key, "must be a mapping");
    return Optional.empty();
  }

  /**
   * Valid sources go into the result; every source with a known type goes into {@code types}, valid
   * or not, so that its queries are still checked.
   */
  private Map<String, SourceConfig> parseSources(
      ObjectNode top, Map<String, SourceType> types, Problems problems, LoadContext context) {
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    Optional<ObjectNode> block = mapping(top, "sources", problems);
    if (block.isEmpty() || block.get().isEmpty()) {
      problems.add("sources", "at least one source is required");
      return sources;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = block.get().properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = "sources." + entry.getKey();
      if (!(entry.getValue() instanceof ObjectNode node)) {
        problems.add(path, "must be a mapping with a type");
        continue;
      }
      String type = node.path("type").asText("");
      SourceType provider = providers.get(type);
      if (provider == null) {
        problems.add(
            path + ".type",
            (type.isEmpty() ? "is required" : "unknown source type \"" + type + "\"")
                + " (known types: "
                + String.join(", ", new TreeSet<>(providers.keySet()))
                + ")");
        continue;
      }
      types.put(entry.getKey(), provider);
      ObjectNode settings = node.deepCopy();
      settings.remove("type");
      provider
          .parseSource(ConfigNode.source(settings, path, problems, context))
          .ifPresent(
              s -> sources.put(entry.getKey(), new SourceConfig(entry.getKey(), provider, s)));
    }
    return sources;
  }
}
