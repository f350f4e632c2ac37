package io.statsbridge.source;

import io.statsbridge.config.ConfigNode;
import java.util.Optional;
import okhttp3.HttpUrl;

/** Upstream base URLs in source config, with one wording for every source's problems. */
public final class Urls {
  private Urls() {}

  /** A required URL key; {@code example} shows the user what one looks like. */
  public static Optional<HttpUrl> required(
      ConfigNode node, String key, String value, String example) {
    if (value == null) {
      node.problem(key, "is required (e.g. " + example + ")");
      return Optional.empty();
    }
    return optional(node, key, value);
  }

  /** An optional URL key: absent is fine, malformed is a problem. */
  public static Optional<HttpUrl> optional(ConfigNode node, String key, String value) {
    if (value == null) {
      return Optional.empty();
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      node.problem(key, "must be an http:// or https:// URL (got \"" + value + "\")");
    }
    return Optional.ofNullable(url);
  }
}
