package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelNamesTest {
  @Test
  void invalidCharactersBecomeUnderscores() {
    assertEquals("network_client_ip", LabelNames.sanitize("network.client.ip"));
    assertEquals("client_availability_zone", LabelNames.sanitize("client_availability-zone"));
    assertEquals("_3tier", LabelNames.sanitize("3tier"));
    assertEquals("_", LabelNames.sanitize(""));
    assertEquals("caf_", LabelNames.sanitize("café"));
  }

  @Test
  void reservedNamesGetAnExportedPrefix() {
    assertEquals("exported_job", LabelNames.sanitize("job"));
    assertEquals("exported_instance", LabelNames.sanitize("instance"));
    assertEquals("exported_le", LabelNames.sanitize("le"));
    assertEquals("exported_quantile", LabelNames.sanitize("quantile"));
    assertEquals("exported_query", LabelNames.sanitize("query"));
    assertEquals("exported___name__", LabelNames.sanitize("__name__"));
  }

  @Test
  void collisionsAfterSanitizingGetSuffixes() {
    assertEquals(
        List.of("a_b", "a_b_2", "a_b_3", "exported_job"),
        LabelNames.sanitizeAll(List.of("a.b", "a-b", "a_b", "job"), Set.of("query")));
    assertEquals(
        List.of("exported_job", "exported_job_2"),
        LabelNames.sanitizeAll(List.of("job", "exported_job"), Set.of()));
  }
}
