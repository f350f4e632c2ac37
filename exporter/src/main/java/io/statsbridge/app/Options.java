package io.statsbridge.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.statsbridge.log.Fatal;
import io.statsbridge.log.LiveRedactor;
import io.statsbridge.poll.RetryPolicy;
import io.statsbridge.poll.Sleeper;
import io.statsbridge.poll.Tasks;
import io.statsbridge.poll.ThreadTasks;
import io.statsbridge.status.Shard;
import io.statsbridge.web.WebConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Tunables of the process (not of the config file).
 *
 * @param clock wall time: windows, timestamps, cookie expiry
 * @param ticker monotonic time, for what expires after a duration (gauges): by default the
 *     system's; a test that sets a fake clock gets a ticker that follows it
 * @param schedule whether the scheduler polls; tests and the benchmark turn it off and call {@link
 *     App#pollAllNow} to decide exactly when polls happen
 * @param web the web config (TLS, basic auth) at start
 * @param webFile where {@code web} was read from, to read it again when it or its files change and
 *     on reload; empty: {@code web} stays as it is
 * @param storage where window cursors are kept across restarts; empty: in memory only
 * @param lifecycle whether {@code POST /-/reload} is allowed ({@code --web.enable-lifecycle})
 * @param reloadAllowedHosts host names besides the exporter's own that {@code POST /-/reload} may
 *     be addressed to ({@code --web.reload-allowed-hosts})
 * @param demo whether the queries poll the built-in simulator (the landing page says so)
 * @param tasks the scheduler's timer and workers, given the number of queries
 * @param fatal what a JVM error (out of memory …) does: by default, exit
 * @param configLoadTimeout how long a reload waits for the config to load; a load that never ends
 *     (a FIFO as a secret file) fails the reload instead of wedging every later one
 * @param redactor the process's secrets, configured and obtained: whoever reports a failure of the
 *     exporter (Main) masks its text with it
 */
public record Options(
    InetSocketAddress listen,
    RetryPolicy retry,
    Sleeper sleeper,
    Clock clock,
    Ticker ticker,
    boolean schedule,
    Shard shard,
    WebConfig web,
    Optional<Path> webFile,
    Optional<Path> storage,
    boolean lifecycle,
    List<String> reloadAllowedHosts,
    boolean demo,
    IntFunction<Tasks> tasks,
    Fatal fatal,
    LiveRedactor redactor,
    Duration configLoadTimeout) {
  /**
   * Polls that run at once: a poll mostly waits on its upstream, so a few threads serve many
   * queries, and a hanging upstream holds one of them (a query never overlaps itself).
   */
  static final int POLL_WORKERS = 8;

  public Options {
    reloadAllowedHosts = List.copyOf(reloadAllowedHosts);
  }

  public static Builder builder(InetSocketAddress listen) {
    return new Builder(listen);
  }

  /** Options with the production defaults, each changeable once. */
  public static final class Builder {
    private final InetSocketAddress listen;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.systemTicker();
    private boolean schedule = true;
    private Shard shard = Shard.ALL;
    private WebConfig web = WebConfig.NONE;
    private Optional<Path> webFile = Optional.empty();
    private Optional<Path> storage = Optional.empty();
    private boolean lifecycle;
    private List<String> reloadAllowedHosts = List.of();
    private boolean demo;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.REAL;
    private IntFunction<Tasks> tasks = queries -> new ThreadTasks(POLL_WORKERS, queries);
    private Fatal fatal = Fatal.EXIT;
    private LiveRedactor redactor;
    private Duration configLoadTimeout = Duration.ofSeconds(30);

    private Builder(InetSocketAddress listen) {
      this.listen = listen;
    }

    /** Fake time for tests: the wall clock, and a ticker that follows it. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      this.ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
      return this;
    }

    /** Monotonic time apart from {@link #clock}: a test of a wall clock that steps. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** Polls only when {@link App#startPolling} or {@link App#pollAllNow} says so. */
    public Builder unscheduled() {
      this.schedule = false;
      return this;
    }

    public Builder shard(Shard shard) {
      this.shard = shard;
      return this;
    }

    /** A web config that stays as it is. */
    public Builder web(WebConfig web) {
      this.web = web;
      this.webFile = Optional.empty();
      return this;
    }

    /**
     * The web config just read from {@code file}, read again when it or the certificate and key it
     * names change, and on reload.
     */
    public Builder web(WebConfig web, Path file) {
      this.web = web;
      this.webFile = Optional.of(file);
      return this;
    }

    public Builder storage(Optional<Path> storage) {
      this.storage = storage;
      return this;
    }

    /** Allows {@code POST /-/reload}, as {@code --web.enable-lifecycle} does. */
    public Builder lifecycle(boolean lifecycle) {
      this.lifecycle = lifecycle;
      return this;
    }

    /** More host names {@code POST /-/reload} may be addressed to; {@code *.domain} too. */
    public Builder reloadAllowedHosts(List<String> names) {
      this.reloadAllowedHosts = names;
      return this;
    }

    public Builder demo(boolean demo) {
      this.demo = demo;
      return this;
    }

    public Builder retry(RetryPolicy retry, Sleeper sleeper) {
      this.retry = retry;
      this.sleeper = sleeper;
      return this;
    }

    public Builder fatal(Fatal fatal) {
      this.fatal = fatal;
      return this;
    }

    public Builder tasks(IntFunction<Tasks> tasks) {
      this.tasks = tasks;
      return this;
    }

    public Builder configLoadTimeout(Duration timeout) {
      this.configLoadTimeout = timeout;
      return this;
    }

    /** The redactor the exporter adds its secrets to; by default a new one on the clock. */
    public Builder redactor(LiveRedactor redactor) {
      this.redactor = redactor;
      return this;
    }

    public Options build() {
      return new Options(
          listen,
          retry,
          sleeper,
          clock,
          ticker,
          schedule,
          shard,
          web,
          webFile,
          storage,
          lifecycle,
          reloadAllowedHosts,
          demo,
          tasks,
          fatal,
          redactor != null ? redactor : new LiveRedactor(clock),
          configLoadTimeout);
    }
  }
}
