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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Plain (unquoted) scalars typed by the YAML 1.2 core schema (YAML 1.2.2, 10.3.2): {@code null},
 * {@code ~} and nothing are null; only {@code true}/{@code false} (in three spellings) are
 * booleans, so {@code yes}, {@code no}, {@code on} and {@code off} stay strings; integers are
 * decimal, {@code 0o} octal or {@code 0x} hex, so {@code 017} is 17 and {@code 1:30} stays a
 * string. Numbers become the Jackson nodes Jackson's own YAML reader made (int, long, big integer,
 * double), so that a config's fingerprints stay as they were.
 */
final class YamlScalars {
  private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
  private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
  private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern INFINITY = Pattern.compile("[-+]?(\\.inf|\\.Inf|\\.INF)");
  private static final Pattern NAN = Pattern.compile("\\.nan|\\.NaN|\\.NAN");

  /** Longer numbers are refused: nobody means them, and reading them costs time. */
  static final int MAX_NUMBER_LENGTH = 100;

  private YamlScalars() {}

  /** A number too long to be meant. */
  static final class TooLong extends Exception {
    TooLong() {
      super(null, null, false, false);
    }
  }

  /** The typed value of a plain scalar. */
  static JsonNode plain(String text) throws TooLong {
    return typed(text).orElseGet(() -> TextNode.valueOf(text));
  }

  /** The value as null, boolean, integer or float; empty when the core schema makes it a string. */
  static Optional<JsonNode> typed(String text) throws TooLong {
    if (NULL.matcher(text).matches()) {
      return Optional.of(NullNode.getInstance());
    }
    if (TRUE.matcher(text).matches()) {
      return Optional.of(BooleanNode.TRUE);
    }
    if (FALSE.matcher(text).matches()) {
      return Optional.of(BooleanNode.FALSE);
    }
    if (INFINITY.matcher(text).matches()) {
      return Optional.of(
          DoubleNode.valueOf(
              text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY));
    }
    if (NAN.matcher(text).matches()) {
      return Optional.of(DoubleNode.valueOf(Double.NaN));
    }
    boolean decimal = DECIMAL.matcher(text).matches();
    boolean octal = !decimal && OCTAL.matcher(text).matches();
    boolean hex = !decimal && !octal && HEX.matcher(text).matches();
    boolean floating = !decimal && !octal && !hex && FLOAT.matcher(text).matches();
    if (!decimal && !octal && !hex && !floating) {
      return Optional.empty();
    }
    if (text.length() > MAX_NUMBER_LENGTH) {
      throw new TooLong();
    }
    if (floating) {
      return Optional.of(DoubleNode.valueOf(Double.parseDouble(text)));
    }
    BigInteger value =
        decimal
            ? new BigInteger(text.startsWith("+") ? text.substring(1) : text)
            : new BigInteger(text.substring(2), octal ? 8 : 16);
    if (value.bitLength() < Integer.SIZE) {
      return Optional.of(IntNode.valueOf(value.intValue()));
    }
    if (value.bitLength() < Long.SIZE) {
      return Optional.of(LongNode.valueOf(value.longValue()));
    }
    return Optional.of(BigIntegerNode.valueOf(value));
  }
}
