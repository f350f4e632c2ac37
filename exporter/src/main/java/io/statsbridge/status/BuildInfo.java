package io.statsbridge.status;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Build coordinates, filtered into version.properties by Maven. */
public final class BuildInfo {
  public static final String VERSION;
  public static final String REVISION;

  /** Where the source, dashboards and runbook are published. */
  public static final String SOURCE;

  static {
    Properties p = new Properties();
    try (InputStream in =
        BuildInfo.class.getResourceAsStream("/io/statsbridge/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall back to "unknown" below
    }
    VERSION = p.getProperty("version", "unknown");
    REVISION = p.getProperty("revision", "unknown");
    String source = p.getProperty("source", "");
    SOURCE = source.startsWith("http") ? source : "https://github.com/statsbridge/statsbridge";
  }

  private BuildInfo() {}
}
