package io.statsbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /demo/burst?client=checkout&server=payments&kind=refusals&seconds=600&rate=5}: starts
 * a burst now, so demo users can watch the refusal and timeout alerts fire.
 */
final class BurstSwitch implements HttpHandler {
  private final Traffic traffic;
  private final Clock clock;

  BurstSwitch(Traffic traffic, Clock clock) {
    this.traffic = traffic;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("POST")) {
        SimHttp.send(
            ex,
            405,
            "text/plain",
            "POST /demo/burst?client=…&server=…&kind=refusals|timeouts&seconds=600&rate=5\n");
        return;
      }
      Map<String, String> q = DatadogSimulator.query(ex.getRequestURI().getRawQuery());
      try {
        Bursts.Kind kind =
            Bursts.Kind.valueOf(q.getOrDefault("kind", "refusals").toUpperCase(Locale.ROOT));
        long seconds = Long.parseLong(q.getOrDefault("seconds", "600"));
        int rate = Integer.parseInt(q.getOrDefault("rate", "5"));
        String client = q.get("client");
        String server = q.get("server");
        if (client == null || server == null || seconds <= 0 || rate <= 0) {
          throw new IllegalArgumentException(
              "client and server are required; seconds and rate must be positive");
        }
        long now = clock.instant().getEpochSecond();
        traffic.bursts().add(new Bursts.Burst(client, server, kind, now, now + seconds, rate));
        SimHttp.send(
            ex,
            200,
            "text/plain",
            "burst of "
                + rate
                + " "
                + kind.name().toLowerCase(Locale.ROOT)
                + "/s for "
                + client
                + " -> "
                + server
                + " during "
                + seconds
                + "s\n");
      } catch (IllegalArgumentException e) {
        SimHttp.send(ex, 400, "text/plain", e.getMessage() + "\n");
      }
    }
  }
}
