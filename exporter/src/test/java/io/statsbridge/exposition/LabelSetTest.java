package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelSetTest {
  @Test
  void staticLabelsComeAfterQuerySortedAndEscapedBeforeTheRowsLabels() {
    LabelSet set =
        LabelSet.of(
            "q", Map.of("team", "payments", "env", "a \"b\"\\ ü\n"), List.of("network.client.ip"));
    assertEquals(
        "{query=\"q\",env=\"a \\\"b\\\"\\\\ ü\\n\",team=\"payments\","
            + "network_client_ip=\"10.0.0.1\"}",
        set.render(List.of("10.0.0.1")).toString());
    assertEquals(List.of("network_client_ip"), set.names());
  }

  @Test
  void aStaticLabelClashesWithTheRowLabelItsKeyBecomes() {
    assertEquals(
        Optional.of(new LabelSet.Clash("client_team", "client.team")),
        LabelSet.clash(Set.of("client_team"), List.of("server", "client.team")));
    assertEquals(
        Optional.of(new LabelSet.Clash("exported_job", "job")),
        LabelSet.clash(Set.of("exported_job"), List.of("job")));
    assertEquals(Optional.empty(), LabelSet.clash(Set.of("job_2"), List.of("job")));
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelSet.of("q", Map.of("client_team", "x"), List.of("client.team")));
  }
}
