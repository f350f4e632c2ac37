package io.statsbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar a user runs (built by {@code package}, so a failsafe test): its manifest, and the
 * classes the JVM reads from it.
 */
class ShadedJarIT {
  static final File JAR =
      Path.of(System.getProperty("statsbridge.jar", "target/statsbridge.jar")).toFile();
  static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+\\.class)");

  @Test
  void theManifestNamesTheMainClassAndSaysMultiRelease() throws IOException {
    try (JarFile jar = new JarFile(JAR)) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("io.statsbridge.Main", main.getValue(Attributes.Name.MAIN_CLASS));
      assertEquals("true", main.getValue(Attributes.Name.MULTI_RELEASE));
    }
  }

  @Test
  void theJvmReadsTheDependenciesClassesMadeForItsJavaVersion() throws IOException {
    Runtime.Version runtime = Runtime.version();
    try (JarFile jar = new JarFile(JAR, true, ZipFile.OPEN_READ, runtime)) {
      assertTrue(jar.isMultiRelease(), "the JVM reads the jar as multi-release");
      // Class → the highest release not above the running JVM's that has its own copy of it.
      Map<String, Integer> newest = new TreeMap<>();
      jar.stream()
          .map(e -> VERSIONED.matcher(e.getName()))
          .filter(Matcher::matches)
          .filter(m -> Integer.parseInt(m.group(1)) <= runtime.feature())
          .forEach(m -> newest.merge(m.group(2), Integer.parseInt(m.group(1)), Math::max));
      assertTrue(
          newest.keySet().stream().anyMatch(c -> c.startsWith("org/bouncycastle/")),
          "BouncyCastle's classes for Java " + runtime.feature() + " are in the jar");
      assertTrue(
          newest.keySet().stream().anyMatch(c -> c.startsWith("com/fasterxml/jackson/")),
          "Jackson's classes for Java " + runtime.feature() + " are in the jar");
      newest.forEach(
          (name, release) -> {
            JarEntry read = jar.getJarEntry(name);
            assertEquals("META-INF/versions/" + release + "/" + name, read.getRealName(), name);
          });
      assertFalse(jar.getJarEntry("io/statsbridge/Main.class").getRealName().startsWith("META"));
    }
  }
}
