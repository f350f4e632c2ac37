package io.statsbridge.testing;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a gzip body the way most HTTP clients do (libcurl, Chromium, Python's {@code zlib} used
 * with {@code 16 + MAX_WBITS}): one member, and nothing after it. Java's {@code GZIPInputStream}
 * and Go's reader read every member that follows, so they cannot tell a body of many members from
 * one.
 */
public final class GzipMember {
  private GzipMember() {}

  /**
   * The text of {@code body}, which must be exactly one gzip member (no flags, as statsbridge
   * writes it) whose trailer holds the text's CRC-32 and length.
   */
  public static byte[] inflate(byte[] body) {
    if (body.length < 18 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b || body[2] != 8) {
      throw new AssertionError("not a gzip member: " + Arrays.toString(Arrays.copyOf(body, 10)));
    }
    if (body[3] != 0) {
      throw new AssertionError("gzip flags set: " + body[3]);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(body, 10, body.length - 10);
      byte[] out = new byte[Math.max(1024, body.length * 4)];
      int length = 0;
      while (!inflater.finished()) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int n = inflater.inflate(out, length, out.length - length);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new AssertionError("the deflate stream has no final block");
        }
        length += n;
      }
      if (inflater.getRemaining() != 8) {
        throw new AssertionError(
            (inflater.getRemaining() - 8) + " bytes after the first member's trailer");
      }
      int at = body.length - 8;
      CRC32 crc = new CRC32();
      crc.update(out, 0, length);
      if (le32(body, at) != crc.getValue()) {
        throw new AssertionError("CRC-32 in the trailer does not match the text");
      }
      if (le32(body, at + 4) != (length & 0xffffffffL)) {
        throw new AssertionError("ISIZE " + le32(body, at + 4) + " but the text has " + length);
      }
      return Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      throw new AssertionError("invalid deflate data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }
}
