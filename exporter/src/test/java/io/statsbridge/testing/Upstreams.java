package io.statsbridge.testing;

import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/** MockWebServer upstreams that answer every request the same way. */
public final class Upstreams {
  private Upstreams() {}

  /** A started server answering each request with {@code answer}. */
  public static MockWebServer answering(Function<RecordedRequest, MockResponse> answer)
      throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer.apply(request);
          }
        });
    server.start();
    return server;
  }

  /** A started server that accepts every request and never answers (a dead upstream). */
  public static MockWebServer stalling() throws Exception {
    return answering(
        r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
  }
}
