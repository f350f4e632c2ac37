package io.statsbridge.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.statsbridge.testing.PollThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The ticker is the test's, for time and for work alike: a {@link PollThread} "works" when the test
 * moves it.
 */
class ScrapesFirstTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong ticker = new AtomicLong(1_000 * MS);
  private final ScrapesFirst scrapes = new ScrapesFirst(ticker::get, ticker::get);

  @Test
  void goesOnAtOnceWhenNoScrapeIsAnswered() throws Exception {
    ScrapesFirst.Answer answered = scrapes.answering();
    answered.done();
    long before = ticker.get();

    PollThread poll = new PollThread(scrapes, ticker, 10);

    assertEquals(before + 10 * MS, poll.awaitReturn());
  }

  @Test
  void standsAsideUntilTheScrapeIsAnswered() throws Exception {
    ScrapesFirst.Answer answer = scrapes.answering();
    long start = ticker.get();
    PollThread poll = new PollThread(scrapes, ticker, 10);

    poll.awaitStandingAside();
    answer.done();

    assertEquals(start + 10 * MS, poll.awaitReturn());
    assertEquals(0, scrapes.stoodAsideNanos(), "no time passed on the ticker");
  }

  @Test
  void standsAsideNoLongerThanItWorked() throws Exception {
    scrapes.answering(); // never answered
    long start = ticker.get();
    PollThread poll = new PollThread(scrapes, ticker, 10);

    poll.awaitStandingAside();
    ticker.addAndGet(9 * MS);
    poll.awaitStandingAside();
    ticker.addAndGet(2 * MS);

    assertEquals(start + 21 * MS, poll.awaitReturn());
    assertEquals(11 * MS, scrapes.stoodAsideNanos(), "the ticker's last step went 1 ms past");
  }

  @Test
  void banksNoMoreThanTwentyMillisecondsOfWork() throws Exception {
    long start = ticker.get();
    // A minute between two polls, then a scrape (never answered) just before the next checkpoint.
    PollThread poll = new PollThread(scrapes, ticker, 60_000, scrapes::answering);

    poll.awaitStandingAside();
    ticker.addAndGet(19 * MS);
    poll.awaitStandingAside();
    ticker.addAndGet(2 * MS);

    assertEquals(start + 60_021 * MS, poll.awaitReturn());
  }

  @Test
  void aScrapeOlderThanFiftyMillisecondsNoLongerCounts() throws Exception {
    scrapes.answering(); // a client that never reads its answer
    ticker.addAndGet(40 * MS);
    long start = ticker.get();

    PollThread poll = new PollThread(scrapes, ticker, 15);

    assertEquals(start + 15 * MS, poll.awaitReturn());
  }

  @Test
  void aScrapeStuckLongAgoDoesNotMakeLaterOnesCountLonger() throws Exception {
    scrapes.answering(); // a client that never reads its answer
    ticker.addAndGet(10_000 * MS);
    scrapes.answering().done(); // a scrape answered in no time since
    long start = ticker.get();

    PollThread poll = new PollThread(scrapes, ticker, 10);

    assertEquals(start + 10 * MS, poll.awaitReturn());
    assertEquals(0, scrapes.stoodAsideNanos());
  }

  @Test
  void anInterruptedThreadDoesNotStandAside() throws Exception {
    scrapes.answering(); // never answered
    long start = ticker.get();

    PollThread poll = new PollThread(scrapes, ticker, 10, () -> Thread.currentThread().interrupt());

    assertEquals(start + 10 * MS, poll.awaitReturn());
  }

  @Test
  void timeAThreadWaitedIsNotBanked() throws Exception {
    AtomicLong work = new AtomicLong(); // the thread's CPU time: it only waits on the network
    ScrapesFirst waiting = new ScrapesFirst(ticker::get, work::get);
    waiting.answering(); // never answered
    long start = ticker.get();

    PollThread poll = new PollThread(waiting, ticker, 10);

    assertEquals(start + 10 * MS, poll.awaitReturn());
  }

  @Test
  void anAnswerDoneTwiceCountsOnce() throws Exception {
    ScrapesFirst.Answer first = scrapes.answering();
    first.done();
    first.done();
    ScrapesFirst.Answer second = scrapes.answering();
    PollThread poll = new PollThread(scrapes, ticker, 10);

    poll.awaitStandingAside();
    second.done();

    poll.awaitReturn();
  }
}
