package io.statsbridge.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One YAML mapping and its place in the file. Binds it to a record (unknown keys rejected, every
 * one reported) and records problems under its path, so that a load reports all problems at once.
 */
public final class ConfigNode {
  private final ObjectNode node;
  private final String path;
  private final Problems problems;
  private final Set<String> loaderKeys;
  private final Set<String> inherited;
  private final LoadContext context;

  /** A mapping of config text without a file of its own: relative file names start here. */
  public ConfigNode(ObjectNode node, String path, Problems problems) {
    this(node, path, problems, Set.of(), Set.of(), LoadContext.workingDirectory(true));
  }

  private ConfigNode(
      ObjectNode node,
      String path,
      Problems problems,
      Set<String> loaderKeys,
      Set<String> inherited,
      LoadContext context) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.loaderKeys = Set.copyOf(loaderKeys);
    this.inherited = Set.copyOf(inherited);
    this.context = context;
  }

  /**
   * A source's settings, without {@code type}, which the loader reads; it is still named among the
   * known keys of an unknown-key problem.
   */
  static ConfigNode source(
      ObjectNode settings, String path, Problems problems, LoadContext context) {
    return new ConfigNode(settings, path, problems, Set.of("type"), Set.of(), context);
  }

  /**
   * A query with {@code defaults:} merged in. A problem with a key that came from {@code defaults:}
   * is reported once, as {@code defaults.key}, not once per query.
   *
   * @param inherited the keys copied from {@code defaults:}; a key of a mapping that merges the
   *     query's own over the defaults' ({@code labels.team}) when only that key came from there
   */
  static ConfigNode query(
      ObjectNode merged,
      String path,
      Problems problems,
      Set<String> inherited,
      LoadContext context) {
    return new ConfigNode(merged, path, problems, Set.of(), inherited, context);
  }

  public String path() {
    return path;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public ObjectNode json() {
    return node;
  }

  public void problem(String key, String message) {
    problems.add(place(key), message);
  }

  /**
   * A problem of {@code key} in relation to {@code other} ({@code timeout} longer than {@code
   * interval}): it belongs to {@code defaults:} only if both values come from there (or {@code
   * other} from nowhere); a query that sets {@code other} itself has the problem.
   */
  public void problem(String key, String message, String other) {
    if (inherited(key) && node.has(other) && !inherited(other)) {
      problems.add(path(key), message + " (" + root(key) + " is set in defaults)");
    } else {
      problem(key, message);
    }
  }

  /** Where a key's problem is reported: under {@code defaults.} if the value came from there. */
  private String place(String key) {
    if (key.isEmpty()) {
      return path;
    }
    return inherited(key) ? "defaults." + key : path(key);
  }

  private boolean inherited(String key) {
    return inherited.contains(root(key)) || inherited.contains(key);
  }

  /**
   * A problem of this very query with {@code key}, wherever its value came from: the value may be
   * fine in {@code defaults:} and wrong only with this query's other keys (a label its rows have).
   */
  void problemOfThisQuery(String key, String message) {
    problems.add(
        path(key), inherited(key) ? message + "; " + key + " is set in defaults" : message);
  }

  /**
   * A file the config names, by {@code name} as written: a relative name starts from the config
   * file's folder. Problems should name the path this returns.
   *
   * @throws java.nio.file.InvalidPathException when {@code name} cannot be a path
   */
  public Path file(String name) {
    return context.resolve(name);
  }

  /** False in a load that lints a config without its secrets ({@link LoadContext#secrets()}). */
  boolean readsSecrets() {
    return context.secrets();
  }

  /** {@code key} was not checked, and why; see {@link Problems#unchecked}. */
  void unchecked(String key, String why) {
    problems.unchecked(place(key), why);
  }

  /** {@code group_by} of {@code group_by[3]}, {@code tls} of {@code tls.ca_file}. */
  private static String root(String key) {
    int end = key.length();
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '.' || key.charAt(i) == '[') {
        end = i;
        break;
      }
    }
    return key.substring(0, end);
  }

  /** The YAML keys a record binds from: its components in snake_case. */
  public static Set<String> keysOf(Class<? extends Record> type) {
    return RecordBinding.keysOf(type);
  }

  /** Binds this mapping, reporting every unknown key and every key of the wrong type. */
  public <R extends Record> Optional<R> bind(Class<R> type) {
    return bind(type, Set.of());
  }

  /** As {@link #bind(Class)}, skipping keys that another part of the loader owns. */
  public <R extends Record> Optional<R> bind(Class<R> type, Collection<String> ownedElsewhere) {
    Set<String> known = keysOf(type);
    ObjectNode copy = node.deepCopy();
    boolean ok = true;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (ownedElsewhere.contains(name)) {
        copy.remove(name);
      } else if (!known.contains(name)) {
        Set<String> accepted = new LinkedHashSet<>(loaderKeys);
        accepted.addAll(known);
        accepted.addAll(ownedElsewhere);
        problem(name, UnknownKeys.message(name, accepted));
        ok = false;
      }
    }
    return ok ? RecordBinding.bind(this, copy, type) : Optional.empty();
  }

  /** A duration key: absent → the fallback; malformed → a problem and the fallback. */
  public Duration duration(String key, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return fallback;
    }
  }

  /**
   * A list key choosing some of {@code valid}: absent → all of them; otherwise at least one, each
   * valid and named once, or a problem naming the bad entry and listing the valid ones. Returns the
   * chosen names in {@code valid}'s order, or empty after a problem.
   */
  public Optional<List<String>> subset(String key, List<String> chosen, List<String> valid) {
    if (chosen == null) {
      return Optional.of(valid);
    }
    boolean ok = true;
    if (chosen.isEmpty()) {
      problem(key, "must name at least one of " + String.join(", ", valid));
      ok = false;
    }
    for (int i = 0; i < chosen.size(); i++) {
      String name = chosen.get(i);
      if (!valid.contains(name)) {
        problem(
            key + "[" + i + "]",
            "unknown \"" + name + "\" (valid: " + String.join(", ", valid) + ")");
        ok = false;
      } else if (chosen.indexOf(name) != i) {
        problem(key + "[" + i + "]", "\"" + name + "\" is listed twice");
        ok = false;
      }
    }
    return ok ? Optional.of(valid.stream().filter(chosen::contains).toList()) : Optional.empty();
  }

  /**
   * A secret sent in an HTTP header, given either inline as {@code key} (usually {@code ${ENV}}) or
   * as a file {@code key_file}; exactly one is required. A byte order mark and surrounding
   * whitespace (a file's trailing newline) are removed; a value that is not tab and printable ASCII
   * is refused. The value itself never appears in a message.
   */
  public Optional<Secret> secret(String key, String inline, String file) {
    return Secrets.read(this, key, inline, file, Secrets.Use.HEADER);
  }

  /**
   * As {@link #secret}, for a value sent in a request body (JSON), where any text without control
   * characters goes: a Traffic Ops password may hold non-ASCII letters.
   */
  public Optional<Secret> secretInBody(String key, String inline, String file) {
    return Secrets.read(this, key, inline, file, Secrets.Use.BODY);
  }
}
