package io.statsbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Response helpers shared by the simulated upstreams. */
final class SimHttp {
  static final Comparator<List<String>> LIST_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  /** How an upstream spells its error bodies. */
  interface ErrorWriter {
    void error(HttpExchange ex, int code, String title, String detail) throws IOException;
  }

  private SimHttp() {}

  static void send(HttpExchange ex, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** What the next queued fault did: answered the exchange, or asks for a spoiled body. */
  record Injected(boolean answered, Fault fault) {
    static final Injected NONE = new Injected(false, null);

    /** The body to send: cut in half under MALFORMED, an HTML page under GARBAGE. */
    String body(String body) {
      if (fault == Fault.MALFORMED) {
        return body.substring(0, body.length() / 2);
      }
      if (fault == Fault.GARBAGE) {
        return "<html><body><h1>502 Bad Gateway</h1></body></html>";
      }
      return body;
    }
  }

  /** Takes the next queued fault and serves it (every simulated upstream does this first). */
  static Injected inject(HttpExchange ex, Faults faults, ErrorWriter errors) throws IOException {
    Fault fault = faults.next().orElse(null);
    if (fault == null) {
      return Injected.NONE;
    }
    return new Injected(applyFault(ex, fault, faults, errors), fault);
  }

  private static boolean applyFault(HttpExchange ex, Fault fault, Faults faults, ErrorWriter errors)
      throws IOException {
    switch (fault) {
      case RATE_LIMIT -> {
        ex.getResponseHeaders().set("X-RateLimit-Reset", "1");
        ex.getResponseHeaders().set("Retry-After", "1");
        errors.error(ex, 429, "Too many requests", "rate limit exceeded");
        return true;
      }
      case SERVER_ERROR -> {
        errors.error(ex, 503, "Service Unavailable", "simulated outage");
        return true;
      }
      case SLOW -> {
        pause(faults.slowDelay());
        return false;
      }
      case HANG -> {
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        long generation = faults.generation();
        faults.hangStarted();
        try {
          while (faults.generation() == generation && Instant.now().isBefore(until)) {
            pause(Duration.ofMillis(100));
          }
        } finally {
          faults.hangEnded();
        }
        ex.close();
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static void pause(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("simulator stopping", e);
    }
  }

  static StringBuilder jsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
