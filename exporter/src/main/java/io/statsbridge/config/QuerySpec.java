package io.statsbridge.config;

/** The source-specific part of a query after validation; immutable and comparable by value. */
public interface QuerySpec {}
