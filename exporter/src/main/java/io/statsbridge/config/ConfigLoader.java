package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads statsbridge.yml: YAML → tree, {@code ${ENV}} substitution, {@code defaults:} merged into
 * each query, then one validation pass that reports every problem with its path, prefixed by the
 * file name ({@code statsbridge.yml: queries[0].limit: must be at most 7500 (got 9000)}).
 */
public final class ConfigLoader {
  static final List<String> TOP_LEVEL = List.of("defaults", "sources", "queries");
  private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

  /** The built-in defaults (README "Configuration"), overridable by {@code defaults:}. */
  public static final Schedule DEFAULT_SCHEDULE =
      new Schedule(
          Duration.ofMinutes(5),
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofHours(1),
          Duration.ofMinutes(1),
          Duration.ofSeconds(1));

  /**
   * Rows one poll may bring, whatever the upstream answers: an upstream that ignores its own limits
   * cannot turn into millions of series. About 17 series a row at most.
   */
  static final int DEFAULT_MAX_ROWS = 100_000;

  /** The most {@code max_rows} may allow: 17 million series, more than one exporter serves. */
  static final int MAX_ROWS = 1_000_000;

  private final Map<String, SourceType> providers;
  private final Function<String, String> env;

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
  }

  public Config load(Path file) throws ConfigException {
    String text;
    try {
      text = FileProblems.readText(file);
    } catch (FileProblems.Unusable e) {
      throw new ConfigException(List.of(file + ": cannot read config file: " + e.getMessage()));
    }
    return parse(file.toString(), text);
  }

  public Config parse(String fileName, String yaml) throws ConfigException {
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
    new EnvSubstitution(env, problems).apply(top);
    for (Iterator<String> it = top.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        problems.add(key, UnknownKeys.message(key, TOP_LEVEL));
      }
    }
    Defaults defaults = new Defaults(mapping(top, "defaults", problems).orElseGet(top::objectNode));
    defaults.checkKeys(ConfigNode.keysOf(QueryFields.class), providers.values(), problems);
    Map<String, SourceType> types = new LinkedHashMap<>();
    Set<String> sourceNames = new LinkedHashSet<>();
    top.path("sources").fieldNames().forEachRemaining(sourceNames::add);
    Map<String, SourceConfig> sources = parseSources(top, types, problems);
    List<QueryConfig> queries = parseQueries(top, defaults, sourceNames, types, sources, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.messages().stream().map(m -> fileName + ": " + m).toList());
    }
    return new Config(sources, queries);
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
      ObjectNode top, Map<String, SourceType> types, Problems problems) {
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
          .parseSource(ConfigNode.source(settings, path, problems))
          .ifPresent(
              s -> sources.put(entry.getKey(), new SourceConfig(entry.getKey(), provider, s)));
    }
    return sources;
  }

  private List<QueryConfig> parseQueries(
      ObjectNode top,
      Defaults defaults,
      Set<String> sourceNames,
      Map<String, SourceType> types,
      Map<String, SourceConfig> sources,
      Problems problems) {
    List<QueryConfig> queries = new ArrayList<>();
    JsonNode list = top.get("queries");
    if (list == null || !list.isArray() || list.isEmpty()) {
      problems.add("queries", "at least one query is required (a list)");
      return queries;
    }
    Set<String> names = new HashSet<>();
    List<FamilyCollisions.Declared> families = new ArrayList<>();
    Set<String> commonKeys = ConfigNode.keysOf(QueryFields.class);
    for (int i = 0; i < list.size(); i++) {
      String path = "queries[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode node)) {
        problems.add(path, "must be a mapping");
        continue;
      }
      String sourceName = node.path("source").asText("");
      SourceType provider = types.get(sourceName);
      boolean sourceKnown = sourceNames.contains(sourceName);
      Set<String> providerKeys = provider == null ? Set.of() : provider.queryKeys();
      Set<String> accepted = new LinkedHashSet<>(commonKeys);
      accepted.addAll(providerKeys);
      ObjectNode own = node.deepCopy();
      if (provider != null) {
        // Reported here, once, with every key a query of this type accepts; the binds below
        // then see only keys that they or the other one own.
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          if (!accepted.contains(key)) {
            problems.add(path + "." + key, UnknownKeys.message(key, accepted));
            own.remove(key);
          }
        }
      }
      Defaults.Merged withDefaults = defaults.mergeInto(own, accepted);
      ObjectNode merged = withDefaults.query();
      Set<String> inherited = withDefaults.inherited();
      ConfigNode q = ConfigNode.query(merged, path, problems, inherited);
      Set<String> skip = provider == null ? keysNotCommon(merged, commonKeys) : providerKeys;
      Optional<QueryFields> fields = q.bind(QueryFields.class, skip);
      Optional<QuerySpec> spec = Optional.empty();
      if (provider != null) {
        ObjectNode specNode = merged.deepCopy();
        specNode.remove(commonKeys);
        spec = provider.parseQuery(ConfigNode.query(specNode, path, problems, inherited));
      }
      if (fields.isEmpty()) {
        continue;
      }
      QueryFields f = fields.get();
      if (f.name() == null || f.name().isBlank()) {
        q.problem("name", "is required");
      } else if (!QUERY_NAME.matcher(f.name()).matches()) {
        q.problem(
            "name",
            "may only contain letters, digits, '_', '.', ':' and '-' (got \"" + f.name() + "\")");
      } else if (!names.add(f.name())) {
        q.problem("name", "duplicate query name \"" + f.name() + "\"");
      }
      if (f.source() == null || f.source().isBlank()) {
        q.problem("source", "is required");
      } else if (!sourceKnown) {
        q.problem(
            "source",
            "unknown source \""
                + f.source()
                + "\" (defined: "
                + String.join(", ", sourceNames)
                + ")");
      }
      SourceConfig source = sources.get(sourceName);
      Schedule schedule =
          Schedules.parse(
              q,
              f,
              DEFAULT_SCHEDULE,
              source == null ? null : new Schedules.Granularity(sourceName, source.granularity()));
      int maxRows = f.maxRows() == null ? DEFAULT_MAX_ROWS : f.maxRows();
      if (maxRows < 1 || maxRows > MAX_ROWS) {
        q.problem("max_rows", "must be from 1 to " + MAX_ROWS + " (got " + maxRows + ")");
      }
      if (source != null && spec.isPresent()) {
        queries.add(
            new QueryConfig(
                f.name(),
                f.source(),
                schedule,
                spec.get(),
                Fingerprint.of(merged, source),
                maxRows));
        families.add(
            new FamilyCollisions.Declared(
                path, f.name(), provider.type(), provider.families(spec.get())));
      }
    }
    FamilyCollisions.check(families, problems);
    return queries;
  }

  private static Set<String> keysNotCommon(ObjectNode node, Set<String> common) {
    Set<String> out = new HashSet<>();
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!common.contains(k)) {
                out.add(k);
              }
            });
    return out;
  }

  /** The keys every query has, whatever its source; durations stay strings until validated. */
  record QueryFields(
      String name,
      String source,
      String interval,
      String delay,
      String timeout,
      String maxWindow,
      String seriesTtl,
      String newSeriesDelay,
      Integer maxRows) {}
}
