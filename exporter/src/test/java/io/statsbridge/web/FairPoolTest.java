package io.statsbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FairPoolTest {
  @Test
  void clientsTakeTurnsWhateverOrderTheirTasksCameIn() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(6);
    try (FairPool pool = new FairPool("test", 1, 8, 8)) {
      CountDownLatch holding = new CountDownLatch(1);
      assertTrue(
          pool.submit(
              "flood",
              () -> {
                holding.countDown();
                await(release);
              }));
      holding.await(10, TimeUnit.SECONDS); // the only worker is busy from here on
      for (String task : List.of("flood-1", "flood-2", "flood-3", "other-1", "flood-4", "late-1")) {
        assertTrue(
            pool.submit(
                task.substring(0, task.indexOf('-')),
                () -> {
                  ran.add(task);
                  done.countDown();
                }));
      }
      release.countDown();
      assertTrue(done.await(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of("flood-1", "other-1", "late-1", "flood-2", "flood-3", "flood-4"), ran);
  }

  @Test
  void aFullQueueOrTooManyClientsAreRefusedAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (FairPool pool = new FairPool("test", 1, 2, 2)) {
      CountDownLatch holding = new CountDownLatch(1);
      pool.submit(
          "a",
          () -> {
            holding.countDown();
            await(release);
          });
      holding.await(10, TimeUnit.SECONDS);
      assertTrue(pool.submit("a", () -> {}));
      assertTrue(pool.submit("a", () -> {}));
      assertFalse(pool.submit("a", () -> {}), "a's queue holds two");
      assertTrue(pool.submit("b", () -> {}));
      assertFalse(pool.submit("c", () -> {}), "two clients may wait");
      release.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
