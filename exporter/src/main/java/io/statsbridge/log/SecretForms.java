package io.statsbridge.log;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fixed set of secrets, masked in the forms an upstream may echo them: as sent, JSON-escaped (a
 * login body) and URL-encoded (a query string or form). Equal secrets are one secret. Immutable.
 */
final class SecretForms implements Redactor {
  static final String MASK = "<secret>";

  /** Shorter values would mask ordinary words; no real key or password is this short. */
  static final int MIN_LENGTH = 4;

  private final List<String> forms;

  private SecretForms(List<String> forms) {
    this.forms = forms;
  }

  static SecretForms of(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.length() < MIN_LENGTH) {
        continue;
      }
      forms.add(s);
      forms.add(json(s));
      forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
      forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    // Longest first, so a secret that contains another is masked whole.
    return new SecretForms(
        forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  @Override
  public String apply(String text) {
    if (text == null || forms.isEmpty()) {
      return text;
    }
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, MASK);
      }
    }
    return out;
  }

  private static String json(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append('/');
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
