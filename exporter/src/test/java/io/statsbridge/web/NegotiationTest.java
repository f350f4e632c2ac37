package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.Exposition.Format;
import org.junit.jupiter.api.Test;

/** Accept and Accept-Encoding as RFC 9110 reads them: weights, zero weights, case. */
class NegotiationTest {
  @Test
  void openMetricsWhenPrometheusAsksForIt() {
    assertEquals(
        Format.OPENMETRICS,
        Negotiation.format(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(Format.OPENMETRICS, Negotiation.format("Application/OpenMetrics-Text"));
  }

  @Test
  void textForEverythingElse() {
    assertEquals(Format.TEXT_004, Negotiation.format(null));
    assertEquals(Format.TEXT_004, Negotiation.format("text/plain"));
    assertEquals(Format.TEXT_004, Negotiation.format("*/*"));
    assertEquals(Format.TEXT_004, Negotiation.format("application/openmetrics-text;q=0"));
    assertEquals(
        Format.TEXT_004,
        Negotiation.format("application/openmetrics-text;q=0.2, text/plain;q=0.9"));
  }

  @Test
  void gzipOnlyWhenItsWeightIsAboveZero() {
    assertTrue(Negotiation.gzip("gzip"));
    assertTrue(Negotiation.gzip("GZIP"));
    assertTrue(Negotiation.gzip("deflate, gzip;q=0.5"));
    assertTrue(Negotiation.gzip("*"));
    assertTrue(Negotiation.gzip("x-gzip"));
    assertFalse(Negotiation.gzip(null));
    assertFalse(Negotiation.gzip("gzip;q=0"));
    assertFalse(Negotiation.gzip("gzip; q=0.0"));
    assertFalse(Negotiation.gzip("*;q=0"));
    assertFalse(Negotiation.gzip("identity"));
    assertFalse(Negotiation.gzip("*, gzip;q=0"), "an explicit zero wins over the wildcard");
  }
}
