package io.statsbridge.store;

import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.MetricFamily;

/** One query's samples of one family, rendered. */
public record FamilyChunk(MetricFamily family, Chunk chunk, int series) {}
