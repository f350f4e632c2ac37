package io.statsbridge.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statsbridge.store.ResultStore;
import io.statsbridge.testing.LogCapture;
import io.statsbridge.testing.MutableClock;
import io.statsbridge.testing.Tickers;
import io.statsbridge.testing.Upstreams;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** max_rows caps what one poll may bring, whatever the upstream answers. */
class MaxRowsTest {
  private static String rows(int n) {
    StringBuilder body = new StringBuilder("{\"data\":[");
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"attributes\":{\"tcp_refusals\":1,\"group_bys\":{\"client_service\":[\"c")
          .append(i)
          .append("\"]}}}");
    }
    return body.append("]}").toString();
  }

  @Test
  void rowsPastMaxRowsAreDroppedAndTheQueryFlaggedTruncated() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:30Z"));
    ResultStore store = new ResultStore(Tickers.following(clock));
    try (MockWebServer upstream =
            Upstreams.answering(r -> new MockResponse.Builder().body(rows(5)).build());
        LogCapture logs = new LogCapture()) {
      QueryRunner runner =
          Polls.runners(
                  """
                  sources:
                    dd: {type: datadog, granularity: 1s, base_url: "%s", api_key: a, app_key: b}
                  queries:
                    - {name: q, source: dd, group_by: [client_service], limit: 100, max_rows: 3, interval: 1m, delay: 0s, new_series_delay: 0s}
                  """
                      .formatted(upstream.url("/")),
                  clock,
                  store)
              .get(0);
      runner.poll();
      assertEquals(3, runner.status().rows());
      assertTrue(runner.status().truncated());
      assertEquals(3, store.counters("q").rendered().series());
      assertTrue(logs.text().contains("max_rows"), logs.text());
    }
  }
}
