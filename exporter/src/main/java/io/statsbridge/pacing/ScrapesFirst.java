package io.statsbridge.pacing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Scrapes go first: while a scrape is being answered, a poll's threads step aside at their next
 * checkpoint (every few KiB read, parsed, converted or compressed) until it is answered, so the
 * scrape has the cores a poll would otherwise take from it.
 *
 * <p>Two bounds keep polls going whatever the scrapers do:
 *
 * <ul>
 *   <li>a thread steps aside at most as long as it has worked since it last did, and never more
 *       than {@link #MOST_AT_ONCE} at once, so scrapes that never stop make a poll at most about
 *       twice as long;
 *   <li>only a scrape started less than {@link #RECENT} ago counts, so a client that never reads
 *       its answer does not hold polls back for as long as its connection stays open.
 * </ul>
 *
 * <p>One instance per exporter, shared by its web server and its polls; what each poll thread has
 * worked is kept per thread.
 */
public final class ScrapesFirst {
  /** The longest a thread steps aside at one checkpoint, and the most work it can bank. */
  static final long MOST_AT_ONCE = TimeUnit.MILLISECONDS.toNanos(20);

  /** How long a scrape counts from its start: above a large gzip scrape's p99 here. */
  static final long RECENT = TimeUnit.MILLISECONDS.toNanos(50);

  /** How often a thread standing aside looks again. */
  private static final long LOOK_AGAIN = TimeUnit.MICROSECONDS.toNanos(100);

  /** A thread's work since it last stepped aside. */
  private static final class Credit {
    boolean started;
    long since;
    long banked;
  }

  private final LongSupplier ticker;
  private final AtomicInteger answering = new AtomicInteger();
  private final AtomicLong lastStart = new AtomicLong();
  private final ThreadLocal<Credit> credits = ThreadLocal.withInitial(Credit::new);
  private final LongAdder stoodAside = new LongAdder();

  /**
   * @param ticker nanoseconds, as {@link System#nanoTime()}
   */
  public ScrapesFirst(LongSupplier ticker) {
    this.ticker = ticker;
  }

  public static ScrapesFirst onSystemTicker() {
    return new ScrapesFirst(System::nanoTime);
  }

  /** One scrape being answered. */
  public interface Answer {
    /** The answer is written or failed; once counts, again does nothing. */
    void done();
  }

  /** Marks a scrape as being answered until the returned handle is done. */
  public Answer answering() {
    lastStart.set(ticker.getAsLong());
    answering.incrementAndGet();
    AtomicInteger once = new AtomicInteger();
    return () -> {
      if (once.getAndIncrement() == 0) {
        answering.decrementAndGet();
      }
    };
  }

  /**
   * A poll's checkpoint: returns at once unless a recent scrape is being answered, else once it is
   * answered or this thread's banked work is spent.
   */
  public void stepAside() {
    Credit credit = credits.get();
    long now = ticker.getAsLong();
    if (credit.started) {
      credit.banked = Math.min(MOST_AT_ONCE, credit.banked + (now - credit.since));
    }
    credit.started = true;
    credit.since = now;
    if (credit.banked <= 0 || !scrapeWaiting(now)) {
      return;
    }
    long until = now + credit.banked;
    long t = now;
    while (t < until && scrapeWaiting(t)) {
      LockSupport.parkNanos(LOOK_AGAIN);
      t = ticker.getAsLong();
    }
    credit.banked -= t - now;
    credit.since = t;
    stoodAside.add(t - now);
  }

  /** Nanoseconds poll threads have stood aside so far, all threads together. */
  public long stoodAsideNanos() {
    return stoodAside.sum();
  }

  private boolean scrapeWaiting(long now) {
    return answering.get() > 0 && now - lastStart.get() < RECENT;
  }
}
