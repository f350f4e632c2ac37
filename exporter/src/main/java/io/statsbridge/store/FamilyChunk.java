package io.statsbridge.store;

import io.statsbridge.metrics.Chunk;
import io.statsbridge.source.MetricFamily;

/** One query's samples of one family, rendered. */
public record FamilyChunk(MetricFamily family, Chunk chunk, int series) {}
