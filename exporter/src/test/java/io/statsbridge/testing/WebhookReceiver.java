package io.statsbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The receiving end of Alertmanager's webhook: keeps every alert it is sent. */
public final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> alerts = new ArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            JsonNode body = new ObjectMapper().readTree(ex.getRequestBody());
            synchronized (alerts) {
              body.path("alerts").forEach(alerts::add);
            }
            ex.sendResponseHeaders(200, -1);
          }
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<JsonNode> alerts() {
    synchronized (alerts) {
      return List.copyOf(alerts);
    }
  }

  /** Firing alerts named {@code name} whose labels include all of {@code labels}. */
  public List<JsonNode> firing(String name, java.util.Map<String, String> labels) {
    return alerts().stream()
        .filter(a -> a.path("status").asText().equals("firing"))
        .filter(a -> a.path("labels").path("alertname").asText().equals(name))
        .filter(
            a ->
                labels.entrySet().stream()
                    .allMatch(e -> a.path("labels").path(e.getKey()).asText().equals(e.getValue())))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
