package io.statsbridge.pacing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
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
 *   <li>a thread steps aside at most as long as it has worked (its CPU time) since it last did, and
 *       never more than {@link #MOST_AT_ONCE} at once, so scrapes that never stop at most double
 *       the time a poll's threads work; time a thread waits (on the network, or on another thread
 *       that stands aside) is not banked, or waits would compound;
 *   <li>only scrapes started less than {@link #RECENT} ago count, so a client that never reads its
 *       answer holds polls back neither for as long as its connection stays open nor past the
 *       scrapes that come after it.
 * </ul>
 *
 * <p>One instance per exporter, shared by its web server and its polls; what each poll thread has
 * banked is kept per thread. A thread stands aside wherever it is, a query's lock held included;
 * only that query's next commit waits for it.
 */
public final class ScrapesFirst {
  /** The longest a thread steps aside at one checkpoint, and the most work it can bank. */
  static final long MOST_AT_ONCE = TimeUnit.MILLISECONDS.toNanos(20);

  /** How long a scrape counts from its start: above a large gzip scrape's p99 here. */
  static final long RECENT = TimeUnit.MILLISECONDS.toNanos(50);

  /** How often a thread standing aside looks again. */
  private static final long LOOK_AGAIN = TimeUnit.MICROSECONDS.toNanos(100);

  /** A thread's work banked, and its work clock when it last looked. */
  private static final class Credit {
    boolean started;
    long workedBefore;
    long banked;
  }

  /** A scrape being answered, ordered by when it started (ties by arrival). */
  private record Open(long start, long id) implements Comparable<Open> {
    @Override
    public int compareTo(Open other) {
      int byStart = Long.compare(start, other.start);
      return byStart != 0 ? byStart : Long.compare(id, other.id);
    }
  }

  private final LongSupplier ticker;
  private final LongSupplier workTicker;
  private final AtomicLong arrivals = new AtomicLong();
  private final ConcurrentSkipListMap<Open, Boolean> open = new ConcurrentSkipListMap<>();
  private final ThreadLocal<Credit> credits = ThreadLocal.withInitial(Credit::new);
  private final LongAdder stoodAside = new LongAdder();

  /**
   * @param ticker nanoseconds, as {@link System#nanoTime()}
   * @param workTicker the calling thread's CPU time in nanoseconds: what it banks
   */
  public ScrapesFirst(LongSupplier ticker, LongSupplier workTicker) {
    this.ticker = ticker;
    this.workTicker = workTicker;
  }

  /**
   * On {@link System#nanoTime()}, banking each thread's CPU time (its wall time where the JVM
   * cannot measure a thread's CPU time).
   */
  public static ScrapesFirst onSystemTicker() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
      return new ScrapesFirst(System::nanoTime, threads::getCurrentThreadCpuTime);
    }
    return new ScrapesFirst(System::nanoTime, System::nanoTime);
  }

  /** One scrape being answered. */
  public interface Answer {
    /** The answer is written or failed; once counts, again does nothing. */
    void done();
  }

  /** Marks a scrape as being answered until the returned handle is done. */
  public Answer answering() {
    Open answer = new Open(ticker.getAsLong(), arrivals.incrementAndGet());
    open.put(answer, Boolean.TRUE);
    return () -> open.remove(answer);
  }

  /**
   * A poll's checkpoint: returns at once unless a recent scrape is being answered, else once it is
   * answered, this thread's bank is spent or the thread is interrupted (a poll being cancelled goes
   * on to its end rather than spin: an interrupted thread does not park).
   */
  public void stepAside() {
    Credit credit = credits.get();
    long worked = workTicker.getAsLong();
    if (credit.started) {
      credit.banked = Math.min(MOST_AT_ONCE, credit.banked + (worked - credit.workedBefore));
    }
    credit.started = true;
    credit.workedBefore = worked;
    long now = ticker.getAsLong();
    if (credit.banked <= 0 || !scrapeWaiting(now) || Thread.currentThread().isInterrupted()) {
      return;
    }
    long until = now + credit.banked;
    long t = now;
    while (t < until && scrapeWaiting(t) && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(LOOK_AGAIN);
      t = ticker.getAsLong();
    }
    credit.banked -= t - now;
    credit.workedBefore = workTicker.getAsLong();
    stoodAside.add(t - now);
  }

  /** Nanoseconds poll threads have stood aside so far, all threads together. */
  public long stoodAsideNanos() {
    return stoodAside.sum();
  }

  /** Whether the newest scrape still being answered started less than {@link #RECENT} ago. */
  private boolean scrapeWaiting(long now) {
    Map.Entry<Open, Boolean> newest = open.lastEntry();
    return newest != null && now - newest.getKey().start() < RECENT;
  }
}
