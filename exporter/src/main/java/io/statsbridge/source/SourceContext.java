package io.statsbridge.source;

import java.time.Clock;
import okhttp3.OkHttpClient;

/** What every source gets from the exporter: one shared HTTP client (pooled) and the clock. */
public record SourceContext(OkHttpClient http, Clock clock) {}
