package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML text → Jackson tree, through SnakeYAML's node graph ({@link YamlComposer}) instead of
 * Jackson's YAML reader, which replaces an alias by the anchor's name ({@code api_key: *key} would
 * send "key") and silently keeps the last of two equal keys. Here an alias stands for the anchored
 * node (scalar, list or mapping) and {@code <<: *anchor} merges mappings, as YAML says.
 *
 * <p>What SnakeYAML's {@code LoaderOptions} would check of that is checked here instead, as a
 * config needs every problem at once, each with its path ({@code queries[0].tags}, as the loader
 * names it):
 *
 * <ul>
 *   <li>a key given twice in one mapping is refused with both lines; SnakeYAML checks keys only
 *       while it builds objects, stops at the first, and names no path, and the mapping's first
 *       line rather than the first key's;
 *   <li>{@code <<} merges; SnakeYAML's merging while it composes never returns from a mapping
 *       merged into itself, and names a wrong merge value at the line after it;
 *   <li>what aliases expand to is bounded, so that an alias bomb ("billion laughs") is refused
 *       instead of filling the heap; SnakeYAML counts the aliases (see {@link YamlComposer}).
 * </ul>
 */
public final class YamlTree {
  /** More values than any sensible config has, far fewer than an alias bomb makes. */
  static final int MAX_VALUES = 100_000;

  /**
   * Text in all keys and scalars, each time an alias repeats it: four times the largest file, which
   * a config that shares values through aliases stays far below. SnakeYAML does not count aliases
   * of scalars, but every walk of the tree (environment variables, fingerprints) reads the text
   * each time.
   */
  static final long MAX_CHARACTERS = 4L * FileProblems.MAX_BYTES;

  /**
   * How deep lists and mappings nest, in the text (SnakeYAML's check) and through aliases (this
   * class's). A config nests four levels ({@code queries[0].tags[1]}); every level is a frame of
   * the recursive walks of the tree, here and in Jackson.
   */
  static final int MAX_DEPTH = 50;

  private final CoreSchema schema = new CoreSchema();
  private final List<String> problems = new ArrayList<>();
  private final Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private int values;
  private long characters;

  private YamlTree() {}

  /** Expansion stopped at a limit; only that problem is reported. */
  private static final class Stop extends Exception {
    Stop(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * The tree of the single document in {@code text}, empty for an empty document; every problem is
   * prefixed by {@code fileName}.
   */
  public static Optional<JsonNode> read(String fileName, String text) throws ConfigException {
    try {
      return read(text);
    } catch (ConfigException e) {
      throw new ConfigException(e.problems().stream().map(m -> fileName + ": " + m).toList());
    }
  }

  /** As {@link #read(String, String)}, each problem "path: message" or a message. */
  static Optional<JsonNode> read(String text) throws ConfigException {
    Node root = YamlComposer.compose(text);
    if (root == null) {
      return Optional.empty();
    }
    YamlTree tree = new YamlTree();
    JsonNode out;
    try {
      out = tree.convert(root, Place.ROOT, 0);
    } catch (Stop e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    if (!tree.problems.isEmpty()) {
      throw new ConfigException(tree.problems);
    }
    return Optional.of(out);
  }

  private JsonNode convert(Node node, Place path, int depth) throws Stop {
    if (depth > MAX_DEPTH) {
      throw new Stop(at(path) + "nested more than " + MAX_DEPTH + " levels deep");
    }
    if (++values > MAX_VALUES) {
      throw new Stop(
          at(path)
              + "the file holds more than "
              + MAX_VALUES
              + " values, counting what each alias stands for (an alias bomb?); a config needs"
              + " far fewer");
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, path);
    }
    if (!open.add(node)) {
      throw new Stop(
          at(path) + "an alias refers to a list or mapping that contains it, which never ends");
    }
    try {
      if (node instanceof SequenceNode sequence) {
        checkTag(node, Tag.SEQ, path);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          out.add(convert(items.get(i), path.index(i), depth + 1));
        }
        return out;
      }
      checkTag(node, Tag.MAP, path);
      return mapping((MappingNode) node, path, depth);
    } finally {
      open.remove(node);
    }
  }

  private ObjectNode mapping(MappingNode node, Place path, int depth) throws Stop {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Map<String, Integer> lines = new HashMap<>();
    List<NodeTuple> merges = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problem(
            tuple.getKeyNode(),
            path,
            "a key must be a plain value, not a list or mapping (line "
                + line(tuple.getKeyNode())
                + ")");
        continue;
      }
      String name = key.getValue();
      count(name, path);
      Place child = path.key(name);
      Integer first = lines.putIfAbsent(name, line(key));
      if (first != null) {
        problem(
            key,
            child,
            "the key is given twice, on lines " + first + " and " + line(key) + "; keep one");
      } else if (key.getTag().equals(Tag.MERGE)) {
        merges.add(tuple);
      } else {
        out.set(name, convert(tuple.getValueNode(), child, depth + 1));
      }
    }
    for (NodeTuple merge : merges) {
      merge(out, merge, path, depth);
    }
    return out;
  }

  /**
   * {@code <<: *a} or {@code <<: [*a, *b]}: the keys of the mappings that the mapping does not set
   * itself; of two merged mappings, the first wins (YAML's merge key type).
   */
  private void merge(ObjectNode out, NodeTuple merge, Place path, int depth) throws Stop {
    Node value = merge.getValueNode();
    List<Node> mappings =
        value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
    for (Node mapping : mappings) {
      if (!(mapping instanceof MappingNode)) {
        problem(
            mapping,
            path.key("<<"),
            "a merge key takes a mapping or a list of mappings, such as <<: *defaults (line "
                + line(merge.getKeyNode())
                + ")");
        continue;
      }
      JsonNode merged = convert(mapping, path, depth + 1);
      merged
          .properties()
          .forEach(
              field -> {
                if (!out.has(field.getKey())) {
                  out.set(field.getKey(), field.getValue());
                }
              });
    }
  }

  /** Keys and values, each time an alias repeats them: what the loader will walk and copy. */
  private void count(String text, Place path) throws Stop {
    characters += text.length();
    if (characters > MAX_CHARACTERS) {
      throw new Stop(
          at(path)
              + "the file holds more than "
              + MAX_CHARACTERS
              + " characters of text, counting what each alias stands for (an alias bomb?); a"
              + " config needs far fewer");
    }
  }

  private JsonNode scalar(ScalarNode node, Place path) throws Stop {
    String text = node.getValue();
    count(text, path);
    Tag tag = node.getTag();
    if (tag.equals(Tag.STR) || (tag.equals(Tag.MERGE) && text.equals("<<"))) {
      return TextNode.valueOf(text);
    }
    if (!CoreSchema.TAGS.contains(tag)) {
      problem(node, path, unsupported(tag, node));
      return TextNode.valueOf(text);
    }
    // The tag is the resolved one, or one the file gave, which the text must fit.
    Tag resolved = schema.resolve(text);
    if (!CoreSchema.fits(tag, resolved)) {
      problem(node, path, "is not a valid " + shorthand(tag) + " (line " + line(node) + ")");
      return TextNode.valueOf(text);
    }
    if (CoreSchema.isNumber(resolved) && text.length() > CoreSchema.MAX_NUMBER_LENGTH) {
      problem(
          node,
          path,
          "a number longer than "
              + CoreSchema.MAX_NUMBER_LENGTH
              + " characters (line "
              + line(node)
              + ")");
      return TextNode.valueOf("");
    }
    return CoreSchema.value(resolved, text);
  }

  private void checkTag(Node node, Tag expected, Place path) {
    if (!expected.equals(node.getTag())) {
      problem(node, path, unsupported(node.getTag(), node));
    }
  }

  private static String unsupported(Tag tag, Node node) {
    return "the tag "
        + shorthand(tag)
        + " is not supported (line "
        + line(node)
        + "); remove it, or quote the value to make it a string";
  }

  private static String shorthand(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }

  /** One problem per node: a node reached again through an alias is not reported twice. */
  private void problem(Node node, Place path, String message) {
    if (reported.add(node)) {
      problems.add(at(path) + message);
    }
  }

  private static String at(Place path) {
    return path.isRoot() ? "" : path + ": ";
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
