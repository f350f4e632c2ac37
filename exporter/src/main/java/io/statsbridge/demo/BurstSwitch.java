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
        Bursts.Kind kind = kind(q.getOrDefault("kind", "refusals"));
        long seconds = number(q, "seconds", "600");
        int rate = (int) Math.min(Integer.MAX_VALUE, number(q, "rate", "5"));
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

  private static Bursts.Kind kind(String name) {
    for (Bursts.Kind k : Bursts.Kind.values()) {
      if (k.name().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("kind must be refusals or timeouts (got \"" + name + "\")");
  }

  private static long number(Map<String, String> q, String key, String fallback) {
    String text = q.getOrDefault(key, fallback);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number (got \"" + text + "\")");
    }
  }
}
