package io.statsbridge.source;

/** A source block after validation (endpoint, resolved secrets); immutable. */
public interface SourceSettings {}
