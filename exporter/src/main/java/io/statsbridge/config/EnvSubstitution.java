package io.statsbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in string values with the environment variable's value, in the parsed
 * tree (never in the raw text, so a value can never inject YAML). A missing variable is a problem
 * named by its path; the value is never echoed.
 */
final class EnvSubstitution {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Function<String, String> env;
  private final Problems problems;

  EnvSubstitution(Function<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  void apply(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = path.isEmpty() ? name : path + "." + name;
        JsonNode value = object.get(name);
        if (value.isTextual()) {
          object.set(name, substitute(value.asText(), child));
        } else {
          apply(value, child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        String child = path + "[" + i + "]";
        if (value.isTextual()) {
          array.set(i, substitute(value.asText(), child));
        } else {
          apply(value, child);
        }
      }
    }
  }

  private TextNode substitute(String text, String path) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        problems.add(path, "environment variable " + m.group(1) + " is not set");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }
}
