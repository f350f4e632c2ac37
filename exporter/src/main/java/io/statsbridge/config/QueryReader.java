package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code queries:} list of one load: each query with {@code defaults:} merged in, its common
 * keys (name, source, timing, {@code labels}) checked here and its upstream's keys by its provider.
 */
final class QueryReader {
  private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

  /**
   * Rows one poll may bring, whatever the upstream answers: an upstream that ignores its own limits
   * cannot turn into millions of series. About 17 series a row at most.
   */
  static final int DEFAULT_MAX_ROWS = 100_000;

  /** The most {@code max_rows} may allow: 17 million series, more than one exporter serves. */
  static final int MAX_ROWS = 1_000_000;

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
      Integer maxRows,
      JsonNode labels) {}

  static final Set<String> COMMON_KEYS = ConfigNode.keysOf(QueryFields.class);

  private final Defaults defaults;
  private final Set<String> sourceNames;
  private final Map<String, SourceType> types;
  private final Map<String, SourceConfig> sources;
  private final Problems problems;
  private final LoadContext context;
  private final Set<String> names = new HashSet<>();
  private final List<FamilyCollisions.Declared> families = new ArrayList<>();

  /**
   * @param sourceNames every source the config defines, valid or not
   * @param types the type of every source whose type is known, valid or not
   * @param sources the valid sources
   */
  QueryReader(
      Defaults defaults,
      Set<String> sourceNames,
      Map<String, SourceType> types,
      Map<String, SourceConfig> sources,
      Problems problems,
      LoadContext context) {
    this.defaults = defaults;
    this.sourceNames = sourceNames;
    this.types = types;
    this.sources = sources;
    this.problems = problems;
    this.context = context;
  }

  /** The valid queries; the problems of the others are recorded. */
  List<QueryConfig> read(ObjectNode top) {
    List<QueryConfig> queries = new ArrayList<>();
    JsonNode list = top.get("queries");
    if (list == null || !list.isArray() || list.isEmpty()) {
      problems.add("queries", "at least one query is required (a list)");
      return queries;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "queries[" + i + "]";
      if (list.get(i) instanceof ObjectNode node) {
        query(node, path).ifPresent(queries::add);
      } else {
        problems.add(path, "must be a mapping");
      }
    }
    FamilyCollisions.check(families, problems);
    return queries;
  }

  private Optional<QueryConfig> query(ObjectNode node, String path) {
    String sourceName = node.path("source").asText("");
    SourceType provider = types.get(sourceName);
    Set<String> providerKeys = provider == null ? Set.of() : provider.queryKeys();
    Set<String> accepted = new LinkedHashSet<>(COMMON_KEYS);
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
    StaticLabels.dropIfNone(merged);
    Set<String> inherited = withDefaults.inherited();
    ConfigNode q = ConfigNode.query(merged, path, problems, inherited, context);
    Set<String> skip = provider == null ? keysNotCommon(merged) : providerKeys;
    Optional<QueryFields> fields = q.bind(QueryFields.class, skip);
    Optional<QuerySpec> spec = Optional.empty();
    if (provider != null) {
      ObjectNode specNode = merged.deepCopy();
      specNode.remove(COMMON_KEYS);
      spec = provider.parseQuery(ConfigNode.query(specNode, path, problems, inherited, context));
    }
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    QueryFields f = fields.get();
    checkName(q, f);
    SourceConfig source = sources.get(sourceName);
    Schedule schedule =
        Schedules.parse(
            q,
            f,
            ConfigLoader.DEFAULT_SCHEDULE,
            source == null ? null : new Schedules.Granularity(sourceName, source.granularity()));
    int maxRows = f.maxRows() == null ? DEFAULT_MAX_ROWS : f.maxRows();
    if (maxRows < 1 || maxRows > MAX_ROWS) {
      q.problem("max_rows", "must be from 1 to " + MAX_ROWS + " (got " + maxRows + ")");
    }
    Map<String, String> labels = StaticLabels.parse(q, f.labels());
    spec.ifPresent(s -> StaticLabels.checkAgainstRows(q, labels, s.labelNames()));
    if (source == null || spec.isEmpty()) {
      return Optional.empty();
    }
    families.add(
        new FamilyCollisions.Declared(
            path, f.name(), provider.type(), provider.families(spec.get())));
    return Optional.of(
        new QueryConfig(
            f.name(),
            f.source(),
            labels,
            schedule,
            spec.get(),
            Fingerprint.of(merged, source),
            maxRows));
  }

  private void checkName(ConfigNode q, QueryFields f) {
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
    } else if (!sourceNames.contains(f.source())) {
      q.problem(
          "source",
          "unknown source \""
              + f.source()
              + "\" (defined: "
              + String.join(", ", sourceNames)
              + ")");
    }
  }

  private static Set<String> keysNotCommon(ObjectNode node) {
    Set<String> out = new HashSet<>();
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!COMMON_KEYS.contains(k)) {
                out.add(k);
              }
            });
    return out;
  }
}
