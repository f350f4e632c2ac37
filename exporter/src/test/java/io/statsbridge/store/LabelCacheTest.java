package io.statsbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.exposition.LabelSet;
import io.statsbridge.exposition.SeriesLabels;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCacheTest {
  private final LabelCache first = new LabelCache(LabelSet.of("q", List.of("client", "server")));

  /** New lists with the same strings, as a new poll's parser hands over. */
  private static List<String> values(String client, String server) {
    return List.of(new String(client), new String(server));
  }

  @Test
  void aSeriesTheLastPollSawKeepsItsLabels() {
    SeriesLabels before = first.labels(values("a", "b")).labels();

    LabelCache.Labels again = first.next().labels(values("a", "b"));

    assertSame(before, again.labels(), "not encoded again");
    assertFalse(again.repeated(), "the first row of its label set in this poll");
    assertEquals("{query=\"q\",client=\"a\",server=\"b\"}", again.labels().toString());
  }

  @Test
  void aLabelSetRepeatsWithinAPollOnly() {
    assertFalse(first.labels(values("a", "b")).repeated());
    LabelCache.Labels second = first.labels(values("a", "b"));
    assertTrue(second.repeated());

    LabelCache next = first.next();
    assertFalse(
        next.labels(values("a", "b")).repeated(), "the last poll's rows are not this one's");
    assertTrue(next.labels(values("a", "b")).repeated());
  }

  @Test
  void aPollThatFailedHalfwayLeavesNoRowsBehind() {
    SeriesLabels a = first.labels(values("a", "b")).labels();
    LabelCache kept = first.next();
    // a poll that then failed: it never ends with next()
    SeriesLabels failed = kept.again().labels(values("c", "d")).labels();

    LabelCache retry = kept.again();

    LabelCache.Labels c = retry.labels(values("c", "d"));
    assertFalse(c.repeated());
    assertNotSame(failed, c.labels(), "the failed poll's labels were dropped");
    assertSame(a, retry.labels(values("a", "b")).labels());
  }

  @Test
  void aSeriesAPollDidNotSeeIsForgotten() {
    SeriesLabels a = first.labels(values("a", "b")).labels();
    LabelCache withoutA = first.next();
    withoutA.labels(values("c", "d"));

    SeriesLabels back = withoutA.next().labels(values("a", "b")).labels();

    assertNotSame(a, back, "kept only for one poll");
    assertEquals(a, back);
  }
}
