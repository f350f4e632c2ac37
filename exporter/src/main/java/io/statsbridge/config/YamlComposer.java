package io.statsbridge.config;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's composer set up for config files: text → node graph, in which an alias is the very
 * node its anchor names. Plain scalars without a tag are left untyped ({@link #PLAIN}) for {@link
 * YamlScalars}, as SnakeYAML's own resolver follows YAML 1.1 ({@code yes} is true). Syntax errors
 * are said with their line and column.
 */
final class YamlComposer {
  /** Set by the resolver on plain scalars without a tag, which {@link YamlScalars} types. */
  static final Tag PLAIN = new Tag("tag:statsbridge.io,2025:plain");

  private YamlComposer() {}

  /** The single document's root node; null for an empty document. */
  static Node compose(String text) throws YamlTree.Invalid {
    try {
      return composer(text).getSingleNode();
    } catch (MarkedYAMLException e) {
      throw new YamlTree.Invalid(List.of("not valid YAML: " + describe(e)));
    } catch (YAMLException e) {
      throw new YamlTree.Invalid(List.of("not valid YAML: " + e.getMessage()));
    }
  }

  private static Composer composer(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(FileProblems.MAX_BYTES + 1);
    // Aliases are bounded while they are expanded (YamlTree.MAX_VALUES), where their real cost
    // shows.
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    options.setTagInspector(tag -> tag.equals(PLAIN));
    Resolver resolver =
        new Resolver() {
          @Override
          public Tag resolve(NodeId kind, String value, boolean implicit) {
            return kind == NodeId.scalar && implicit ? PLAIN : super.resolve(kind, value, false);
          }
        };
    return new Composer(new ParserImpl(new StreamReader(text), options), resolver, options);
  }

  /** "line 3, column 7: while parsing a block mapping, expected ..., but found ...". */
  private static String describe(MarkedYAMLException e) {
    StringBuilder out = new StringBuilder();
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    if (mark != null) {
      out.append("line ")
          .append(mark.getLine() + 1)
          .append(", column ")
          .append(mark.getColumn() + 1)
          .append(": ");
    }
    if (e.getContext() != null) {
      out.append(e.getContext()).append(", ");
    }
    return out.append(e.getProblem() != null ? e.getProblem() : "unreadable").toString();
  }
}
