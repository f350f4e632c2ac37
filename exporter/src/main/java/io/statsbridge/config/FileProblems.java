package io.statsbridge.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the files a config names (the config file itself, secret files, CA files) and says in words
 * what is wrong with one that cannot be used ("file not found", "permission denied"), never with
 * the name of a Java exception. Every file is bounded: a larger one is refused before it is read,
 * so that a wrong path (a log, a disk image) costs nothing.
 */
public final class FileProblems {
  /**
   * The largest config file, web config file or file that one names (1 MiB): a config of a hundred
   * queries has a few KiB, a secret or CA bundle less; a larger file is the wrong one.
   */
  public static final int MAX_BYTES = 1 << 20;

  private FileProblems() {}

  /** A file that cannot be used; the message says why, in words, without the file's name. */
  public static final class Unusable extends Exception {
    public Unusable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A UTF-8 text file of at most {@link #MAX_BYTES}. */
  public static String readText(Path file) throws Unusable {
    return utf8(readBytes(file));
  }

  /** A file of at most {@link #MAX_BYTES}. */
  public static byte[] readBytes(Path file) throws Unusable {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new Unusable("it is a directory, not a file");
      }
      if (!attributes.isRegularFile()) {
        // Opening a FIFO without a writer blocks for good, and a device may never end.
        throw new Unusable("it is not a regular file (a FIFO, a socket or a device)");
      }
      if (attributes.size() > MAX_BYTES) {
        throw new Unusable(tooLarge(attributes.size()));
      }
      try (InputStream in = Files.newInputStream(file)) {
        // Not every file knows its size (a pipe, /proc): read one byte past the limit to tell.
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new Unusable(tooLarge(-1));
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new Unusable(describe(e));
    }
  }

  /** Strict UTF-8: a file in another encoding is refused rather than read as garbage. */
  static String utf8(byte[] bytes) throws Unusable {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unusable(NOT_UTF8);
    }
  }

  static final String NOT_UTF8 = "not UTF-8 text; save it as UTF-8";

  /** The wording for text longer than {@link #MAX_BYTES}; {@code size} below 0 when unknown. */
  public static String tooLarge(long size) {
    return "larger than the limit of 1 MiB"
        + (size >= 0 ? " (" + size + " bytes)" : "")
        + "; is this the right file?";
  }

  /** PEM certificates (a CA bundle, a certificate chain), at least one. */
  public static List<X509Certificate> readCertificates(Path file) throws Unusable {
    byte[] bytes = readBytes(file);
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
    } catch (CertificateException | RuntimeException e) {
      throw new Unusable(NOT_PEM);
    }
    if (out.isEmpty()) {
      throw new Unusable(NOT_PEM);
    }
    return List.copyOf(out);
  }

  static final String NOT_PEM =
      "not a PEM certificate (expected one or more -----BEGIN CERTIFICATE----- blocks)";

  /** What an I/O failure means for the user, in words. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "file not found";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "a part of the path is not a directory";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic links form a loop";
    }
    if (e instanceof CharacterCodingException) {
      return NOT_UTF8;
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      String reason = fs.getReason();
      if (reason.equalsIgnoreCase("Is a directory")) {
        return "it is a directory, not a file";
      }
      if (reason.equalsIgnoreCase("Not a directory")) {
        return "a part of the path is not a directory";
      }
      return "cannot be read: " + lowerFirst(reason);
    }
    return e.getMessage() == null
        ? "cannot be read (an I/O error)"
        : "cannot be read: " + lowerFirst(e.getMessage());
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
