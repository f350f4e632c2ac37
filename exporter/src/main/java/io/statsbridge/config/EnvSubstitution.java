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
 * named by its path; the value is never echoed. {@code $NAME} without braces is refused, as it
 * would be sent literally: a shell habit that --check-config would otherwise pass. Only a {@code $}
 * at the start of a name counts, not one inside a word or after another {@code $}, so a bcrypt hash
 * ({@code $2y$10$…}), {@code pa$$word} or {@code a$b} are left alone.
 *
 * <p>In a load without secrets, an unset variable is no problem: it stays {@code ${NAME}}, and the
 * value is left unchecked ({@link Problems#unchecked}).
 */
final class EnvSubstitution {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern BARE =
      Pattern.compile("(?<![A-Za-z0-9_$])\\$([A-Za-z_][A-Za-z0-9_]*)");

  /** Names written as environment variables are; others may be a secret's first letters. */
  private static final Pattern ENV_STYLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private final Function<String, String> env;
  private final Problems problems;
  private final boolean secrets;

  EnvSubstitution(Function<String, String> env, Problems problems, boolean secrets) {
    this.env = env;
    this.problems = problems;
    this.secrets = secrets;
  }

  void apply(JsonNode node) {
    apply(node, Place.ROOT);
  }

  private void apply(JsonNode node, Place path) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (value.isTextual()) {
          object.set(name, substitute(value.asText(), path.key(name)));
        } else {
          apply(value, path.key(name));
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (value.isTextual()) {
          array.set(i, substitute(value.asText(), path.index(i)));
        } else {
          apply(value, path.index(i));
        }
      }
    }
  }

  private TextNode substitute(String text, Place place) {
    Matcher bare = BARE.matcher(text);
    if (bare.find()) {
      String name = bare.group(1);
      problems.add(
          place.toString(),
          ENV_STYLE.matcher(name).matches()
              ? "$"
                  + name
                  + " is taken literally; write ${"
                  + name
                  + "} for the environment variable"
              : "holds $ followed by a name, which is taken literally; write ${NAME} for an"
                  + " environment variable");
    }
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        String why = "environment variable " + m.group(1) + " is not set";
        if (secrets) {
          problems.add(place.toString(), why);
          value = "";
        } else {
          problems.unchecked(place.toString(), why);
          value = m.group();
        }
      }
      out.append(text, last, m.start());
      // Bounded like a file: a large variable used many times must not fill the heap.
      if ((long) out.length() + value.length() > FileProblems.MAX_BYTES) {
        problems.add(
            place.toString(), "is longer than 1 MiB once environment variables are substituted");
        return TextNode.valueOf("");
      }
      out.append(value);
      last = m.end();
    }
    out.append(text, last, text.length());
    return TextNode.valueOf(out.toString());
  }
}
