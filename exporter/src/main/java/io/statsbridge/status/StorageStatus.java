package io.statsbridge.status;

import java.util.Optional;

/**
 * Whether window cursors reach the disk ({@code --storage.path}); immutable.
 *
 * @param enabled whether a storage path is set at all
 * @param failures failed writes since the start
 * @param lastFailure the last write's error while writes fail; empty once one succeeds
 */
public record StorageStatus(boolean enabled, long failures, Optional<String> lastFailure) {
  public static final StorageStatus OFF = new StorageStatus(false, 0, Optional.empty());

  /** Whether the last write failed: scrapes then carry no window past the last saved cursor. */
  public boolean failing() {
    return lastFailure.isPresent();
  }
}
