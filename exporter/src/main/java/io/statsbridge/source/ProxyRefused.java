package io.statsbridge.source;

import java.io.IOException;

/**
 * A proxy answered 407 to credentials already sent, or wants some and none are configured: a
 * configuration error, which retrying cannot mend. Its message names the proxy, never a credential.
 */
final class ProxyRefused extends IOException {
  ProxyRefused(String message) {
    super(message);
  }
}
