package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.status.Shard;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void everyQueryBelongsToExactlyOneShardForOneToEightReplicas() {
    for (int count = 1; count <= 8; count++) {
      for (int q = 0; q < 500; q++) {
        String name = "query_" + q;
        int owners = 0;
        for (int index = 0; index < count; index++) {
          owners += new Shard(index, count).owns(name) ? 1 : 0;
        }
        assertEquals(1, owners, name + " with " + count + " shards");
      }
    }
  }

  @Test
  void theAssignmentIsCrc32ModCountAndNeverChanges() {
    // Fixed expectations (zlib.crc32 gives the same): a change here moves queries between
    // replicas on upgrade, so it must be deliberate.
    Map<String, List<Integer>> expected =
        Map.of(
            "service_to_service", List.of(0, 1, 2, 3, 3, 5, 6, 3),
            "team_by_zone", List.of(0, 1, 2, 1, 1, 5, 0, 5),
            "cdn", List.of(0, 1, 1, 3, 4, 1, 6, 7),
            "services", List.of(0, 1, 0, 1, 0, 3, 2, 1));
    expected.forEach(
        (name, shards) -> {
          for (int count = 1; count <= 8; count++) {
            assertEquals(shards.get(count - 1), Shard.of(name, count), name + " of " + count);
          }
        });
  }

  @Test
  void shardsSpreadQueries() {
    int[] perShard = new int[4];
    for (int q = 0; q < 400; q++) {
      perShard[Shard.of("q" + q, 4)]++;
    }
    for (int n : perShard) {
      assertTrue(n > 60, java.util.Arrays.toString(perShard));
    }
  }

  @Test
  void parsesExplicitAndPodNameIndexes() {
    assertEquals(new Shard(1, 3), Shard.parse("1/3", "whatever"));
    assertEquals(new Shard(2, 3), Shard.parse("auto/3", "statsbridge-2"));
    assertEquals(new Shard(0, 1), Shard.parse("auto/1", "my-release-statsbridge-0"));
  }

  @Test
  void rejectsBadFlagsAndPodNamesClearly() {
    assertEquals(
        "--shard=auto/3 takes the index from a StatefulSet pod name ending in -<index> (got host name \"laptop\")",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("auto/3", "laptop"))
            .getMessage());
    assertEquals(
        "--shard=auto/3: pod statsbridge-5 has index 5, beyond the 3 shards; make --shard's count equal the replica count",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("auto/3", "statsbridge-5"))
            .getMessage());
    assertEquals(
        "--shard index must be from 0 to count-1 (got 3/3)",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3", "x")).getMessage());
    assertEquals(
        "--shard must be INDEX/COUNT or auto/COUNT, e.g. 0/3 (got \"two\")",
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("two", "x")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0", "x"));
  }
}
