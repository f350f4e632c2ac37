package io.statsbridge.app;

import io.statsbridge.config.ConfigLoader;
import io.statsbridge.source.SourceProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The upstreams on the class path, found by {@link ServiceLoader} (each lists its provider in
 * {@code META-INF/services/io.statsbridge.source.SourceProvider}).
 */
public final class Providers {
  private static final List<SourceProvider> FOUND =
      ServiceLoader.load(SourceProvider.class).stream().map(ServiceLoader.Provider::get).toList();

  private Providers() {}

  public static List<SourceProvider> found() {
    return FOUND;
  }

  /** Config loaders for every upstream found. */
  public static ConfigLoader.Factory loaders() {
    return env -> new ConfigLoader(FOUND, env);
  }
}
