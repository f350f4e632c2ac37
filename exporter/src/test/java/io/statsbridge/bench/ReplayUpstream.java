package io.statsbridge.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream that costs next to nothing: the first request for each path is passed to the
 * simulator and its answer kept; every later request for that path gets the kept bytes, whatever
 * its window. Polls of it cost the exporter what a remote upstream would, without the simulator
 * building its answer on the same two cores the scrapes need.
 */
final class ReplayUpstream implements AutoCloseable {
  private static final String[] FORWARDED = {"DD-API-KEY", "DD-APPLICATION-KEY", "Accept"};

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String simulator;
  private final Map<String, byte[]> kept = new ConcurrentHashMap<>();

  private ReplayUpstream(String simulator) throws IOException {
    this.simulator = simulator;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::answer);
    server.start();
  }

  static ReplayUpstream of(String simulatorUrl) throws IOException {
    return new ReplayUpstream(simulatorUrl);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = kept.get(exchange.getRequestURI().getPath());
      if (body == null) {
        body = forward(exchange);
        kept.put(exchange.getRequestURI().getPath(), body);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private byte[] forward(HttpExchange exchange) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(simulator + exchange.getRequestURI()));
    for (String header : FORWARDED) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("the simulator answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the simulator", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
