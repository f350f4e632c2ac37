package io.statsbridge.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code defaults:} mapping: its keys are checked once, against every query key of every source
 * type, and merged into each query that does not set them, remembering which keys came from there
 * so that their problems are reported once, as {@code defaults.key}. {@code labels} merge: a query
 * with labels of its own has the defaults' too, its own winning where both name one.
 */
final class Defaults {
  private final ObjectNode values;

  Defaults(ObjectNode values) {
    this.values = values;
  }

  /** A query with the defaults it takes merged in, and the keys that came from defaults. */
  record Merged(ObjectNode query, Set<String> inherited) {}

  /** Reports keys that no query of any type accepts; name and source are per query. */
  void checkKeys(Set<String> commonKeys, Collection<SourceType> providers, Problems problems) {
    Set<String> known = new LinkedHashSet<>(commonKeys);
    known.removeAll(Set.of("name", "source"));
    TreeMap<String, SourceType> byType = new TreeMap<>();
    providers.forEach(p -> byType.put(p.type(), p));
    byType.values().forEach(p -> known.addAll(p.queryKeys()));
    for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.add("defaults." + key, UnknownKeys.message(key, known));
      }
    }
  }

  /** The keys a query does not set itself and {@code accepted} holds, added to a copy of it. */
  Merged mergeInto(ObjectNode query, Set<String> accepted) {
    ObjectNode merged = query.deepCopy();
    Set<String> inherited = new HashSet<>();
    for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!merged.has(key) && accepted.contains(key)) {
        merged.set(key, values.get(key));
        inherited.add(key);
      } else if (key.equals(StaticLabels.KEY)
          && merged.get(key) instanceof ObjectNode own
          && values.get(key) instanceof ObjectNode common) {
        ObjectNode both = common.deepCopy();
        both.setAll(own);
        common
            .fieldNames()
            .forEachRemaining(
                name -> {
                  if (!own.has(name)) {
                    inherited.add(key + "." + name);
                  }
                });
        merged.set(key, both);
      }
    }
    return new Merged(merged, Set.copyOf(inherited));
  }
}
