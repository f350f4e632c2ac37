package io.statsbridge.config;

import io.statsbridge.source.QuerySpec;

/** One validated query: its name becomes the {@code query} label. */
public record QueryConfig(String name, String source, Schedule schedule, QuerySpec spec) {}
