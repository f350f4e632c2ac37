package io.statsbridge.config;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML set up for config files: text → node graph, in which an alias is the very node its
 * anchor names and scalars are typed by {@link CoreSchema}. SnakeYAML refuses text nested deeper
 * than {@link YamlTree#MAX_DEPTH}; syntax errors and that limit are said with their line and
 * column. Both callers bound the text to {@link FileProblems#MAX_BYTES} before, with their own
 * message; SnakeYAML's limit of 3 MB stays behind that.
 */
final class YamlComposer {
  private YamlComposer() {}

  /** The single document's root node; null for an empty document. */
  static Node compose(String text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setNestingDepthLimit(YamlTree.MAX_DEPTH);
    // SnakeYAML's limit on aliases of lists and mappings (50) suits the objects it builds, which
    // share what an alias repeats; a tree to bind records from repeats it. There 49 aliases can
    // stand for 10^8 values, while a config that merges one mapping into 51 queries is fine:
    // YamlTree bounds what the aliases expand to instead.
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    Parser parser = new ParserImpl(new StreamReader(text), options);
    try {
      return new Composer(parser, new CoreSchema(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String context = e.getContext() != null ? e.getContext() + ", " : "";
      String problem = e.getProblem() != null ? e.getProblem() : "unreadable";
      throw invalid(place(mark) + context + problem);
    } catch (YAMLException e) {
      // A limit, which SnakeYAML names without a place: the parser stands where it was reached.
      throw invalid(place(next(parser)) + e.getMessage());
    }
  }

  private static ConfigException invalid(String message) {
    return new ConfigException(List.of("not valid YAML: " + message));
  }

  private static Mark next(Parser parser) {
    try {
      return parser.peekEvent().getStartMark();
    } catch (YAMLException e) {
      return null;
    }
  }

  /** "line 3, column 7: ", or nothing. */
  private static String place(Mark mark) {
    return mark == null
        ? ""
        : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
  }
}
