package io.statsbridge.testing;

import io.statsbridge.store.Renderer;

/** One renderer for the tests that build query states or results without an exporter. */
public final class Renderers {
  private static final Renderer SHARED = Renderer.start();

  private Renderers() {}

  /** Its pool's threads are daemons, so it needs no closing. */
  public static Renderer shared() {
    return SHARED;
  }
}
