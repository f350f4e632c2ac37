package io.statsbridge.config;

/**
 * Where a value is in the config, as the loader names it ({@code queries[0].tags[1]}), built while
 * a tree is walked but rendered only for a problem: a walk over many values (aliases expanded)
 * under long keys must not copy every path.
 */
record Place(Place parent, String key, int index) {
  static final Place ROOT = new Place(null, null, -1);

  Place key(String name) {
    return new Place(this, name, -1);
  }

  Place index(int i) {
    return new Place(this, null, i);
  }

  boolean isRoot() {
    return parent == null;
  }

  @Override
  public String toString() {
    if (isRoot()) {
      return "";
    }
    String before = parent.toString();
    if (key == null) {
      return before + "[" + index + "]";
    }
    return before.isEmpty() ? key : before + "." + key;
  }
}
