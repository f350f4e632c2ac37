package io.statsbridge.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Injected bursts of refusals or timeouts for one client→server pair: the simulator's switch for
 * the alert end-to-end test and for demo users ({@code POST /demo/burst}).
 */
public final class Bursts {
  /** What a burst adds. */
  public enum Kind {
    REFUSALS,
    TIMEOUTS
  }

  /** {@code perSecond} extra events of {@code kind} on the pair during {@code [from, to)}. */
  public record Burst(String client, String server, Kind kind, long from, long to, int perSecond) {}

  private final List<Burst> bursts = new CopyOnWriteArrayList<>();

  public void add(Burst burst) {
    bursts.add(burst);
  }

  public void clear() {
    bursts.clear();
  }

  /** Extra events of {@code kind} for the flow during {@code [from, to)}. */
  long extra(Traffic.Flow flow, Kind kind, long from, long to) {
    long total = 0;
    for (Burst b : bursts) {
      if (b.kind() == kind
          && b.client().equals(flow.client())
          && b.server().equals(flow.server())) {
        long overlap = Math.min(to, b.to()) - Math.max(from, b.from());
        total += Math.max(0, overlap) * b.perSecond();
      }
    }
    return total;
  }
}
