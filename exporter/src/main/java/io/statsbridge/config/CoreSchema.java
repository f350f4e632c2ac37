package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's resolver with the rules of the YAML 1.2 core schema (YAML 1.2.2, 10.3.2) instead of
 * its own, which are YAML 1.1's: {@code null}, {@code ~} and nothing are null; only {@code
 * true}/{@code false} (in three spellings) are booleans, so {@code yes}, {@code no}, {@code on} and
 * {@code off} stay strings; integers are decimal, {@code 0o} octal or {@code 0x} hex, so {@code
 * 017} is 17 and {@code 1:30} stays a string. Numbers become the Jackson nodes Jackson's own YAML
 * reader made (int, long, big integer, double), so that a config's fingerprints stay as they were.
 */
final class CoreSchema extends Resolver {
  private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  /**
   * Longer numbers are refused: no config key takes more than a few digits, and the digits of a
   * huge one cost time to convert.
   */
  static final int MAX_NUMBER_LENGTH = 100;

  /** The scalar tags of the core schema; a scalar with another tag is refused. */
  static final Set<Tag> TAGS = Set.of(Tag.STR, Tag.NULL, Tag.BOOL, Tag.INT, Tag.FLOAT);

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(Tag.NULL, NULL, "nN~\0");
    addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
    // Without SnakeYAML's length limit, which would make a long number a string: it is refused.
    addImplicitResolver(Tag.INT, INT, "-+0123456789", Integer.MAX_VALUE);
    addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.", Integer.MAX_VALUE);
    addImplicitResolver(Tag.MERGE, MERGE, "<");
  }

  /** The tag of {@code text} as a plain scalar. */
  Tag resolve(String text) {
    return resolve(NodeId.scalar, text, true);
  }

  /** Whether text that resolves to {@code resolved} may be tagged {@code given}: 1 is a float. */
  static boolean fits(Tag given, Tag resolved) {
    return given.equals(resolved) || (given.equals(Tag.FLOAT) && resolved.equals(Tag.INT));
  }

  static boolean isNumber(Tag tag) {
    return tag.equals(Tag.INT) || tag.equals(Tag.FLOAT);
  }

  /** The value of {@code text}, which resolves to {@code tag}. */
  static JsonNode value(Tag tag, String text) {
    if (tag.equals(Tag.NULL)) {
      return NullNode.getInstance();
    }
    if (tag.equals(Tag.BOOL)) {
      return BooleanNode.valueOf(Character.toLowerCase(text.charAt(0)) == 't');
    }
    if (tag.equals(Tag.INT)) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      return DoubleNode.valueOf(floating(text));
    }
    return TextNode.valueOf(text);
  }

  private static JsonNode integer(String text) {
    BigInteger value =
        text.startsWith("0o")
            ? new BigInteger(text.substring(2), 8)
            : text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
    if (value.bitLength() < Integer.SIZE) {
      return IntNode.valueOf(value.intValue());
    }
    if (value.bitLength() < Long.SIZE) {
      return LongNode.valueOf(value.longValue());
    }
    return BigIntegerNode.valueOf(value);
  }

  private static double floating(String text) {
    if (text.endsWith("nf") || text.endsWith("NF")) {
      return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (text.startsWith(".n") || text.startsWith(".N")) {
      return Double.NaN;
    }
    return Double.parseDouble(text);
  }
}
