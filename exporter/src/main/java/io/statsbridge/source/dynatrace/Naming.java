package io.statsbridge.source.dynatrace;

import io.statsbridge.log.Log;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A query's family name and unit conversion, with unknown units logged once per query. */
final class Naming {
  private static final Log LOG = Log.of(Naming.class);

  private final String query;
  private final Optional<String> metricName;
  private final Optional<String> unitOverride;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  Naming(String query, Optional<String> metricName, Optional<String> unitOverride) {
    this.query = query;
    this.metricName = metricName;
    this.unitOverride = unitOverride;
  }

  Units.Conversion conversion(String upstreamUnit) {
    String unit = unitOverride.orElse(upstreamUnit);
    Optional<Units.Conversion> c = Units.of(unit);
    if (c.isEmpty() && warned.add(unit)) {
      LOG.warn(
          "unknown Dynatrace unit: exported unconverted, without a unit suffix",
          "query",
          query,
          "unit",
          unit);
    }
    return c.orElse(Units.Conversion.NONE);
  }

  String familyName(String id, Units.Conversion conversion) {
    return metricName.orElseGet(() -> Names.metricName(id, conversion.suffix()));
  }
}
