package io.statsbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  /** Lines of a real run's log ({@code -Xlog:gc,gc+heap=debug:file=…:uptime}), trimmed. */
  static final List<String> LOG =
      """
      [0.194s] GC(0) Heap after GC invocations=1 (full 0):
      [0.194s] GC(0)  garbage-first heap   total 34816K, used 3072K [0x00000000d0000000, 0x0000000100000000)
      [0.194s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 10M->3M(34M) 2.152ms
      [75.073s] GC(25) Heap before GC invocations=25 (full 0):
      [75.073s] GC(25)  garbage-first heap   total 35840K, used 27822K [0x00000000d0000000, 0x0000000100000000)
      [75.080s] GC(25) Eden regions: 7->0(1)
      [75.080s] GC(25) Survivor regions: 1->4(5)
      [75.080s] GC(25) Old regions: 18->18
      [75.080s] GC(25) Archive regions: 2->2
      [75.080s] GC(25) Humongous regions: 2->2
      [75.080s] GC(25) Heap after GC invocations=26 (full 0):
      [75.080s] GC(25)  garbage-first heap   total 35840K, used 23882K [0x00000000d0000000, 0x0000000100000000)
      [75.080s] GC(25) Pause Young (Prepare Mixed) (G1 Preventive Collection) 28M->23M(35M) 7.140ms
      [75.096s] GC(26) Heap before GC invocations=26 (full 0):
      [75.096s] GC(26)  garbage-first heap   total 35840K, used 24906K [0x00000000d0000000, 0x0000000100000000)
      [75.101s] GC(26) Survivor regions: 4->1(1)
      [75.101s] GC(26) Old regions: 18->21
      [75.101s] GC(26) Humongous regions: 2->2
      [75.101s] GC(26) Heap after GC invocations=27 (full 0):
      [75.101s] GC(26)  garbage-first heap   total 35840K, used 23981K [0x00000000d0000000, 0x0000000100000000)
      [75.101s] GC(26) Pause Young (Mixed) (G1 Evacuation Pause) 24M->23M(35M) 5.588ms
      [75.171s] GC(27) Pause Remark 25M->25M(35M) 6.187ms
      [122.852s] GC(34)  garbage-first heap   total 87040K, used 41876K [0x00000000d0000000, 0x0000000100000000)
      [122.876s] GC(34) Old regions: 20->14
      [122.876s] GC(34) Heap after GC invocations=35 (full 1):
      [122.876s] GC(34)  garbage-first heap   total 32768K, used 15758K [0x00000000d0000000, 0x0000000100000000)
      [122.876s] GC(34) Pause Full (Diagnostic Command) 42M->15M(32M) 24.317ms
      """
          .lines()
          .toList();

  @Test
  void readsTheHeapAfterEachYoungCollectionAndTheLiveHeap() {
    GcLog log = GcLog.parse(LOG, 25);

    assertEquals(15758 / 1024.0, log.liveMb(), 1e-9);
    assertEquals(
        List.of(
            new GcLog.Collection(75.080, false, 23882 / 1024.0, 4, 18, 2),
            new GcLog.Collection(75.101, true, 23981 / 1024.0, 1, 21, 2)),
        log.collections());
    assertEquals(1, log.mixed());
    assertEquals((23882 + 23981) / 2.0 / 15758, log.ratio(), 1e-9);
    assertEquals(2.5, log.mean(GcLog.Collection::survivor), 1e-9);
  }

  @Test
  void collectionsBeforeTheFirstPollEndedAreLeftOut() {
    assertEquals(3, GcLog.parse(LOG, 0).collections().size());
    assertTrue(GcLog.parse(LOG, 0).collections().get(0).uptime() < 1);
    assertFalse(GcLog.parse(LOG, 80).collections().iterator().hasNext());
  }
}
