package io.statsbridge.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32CombineTest {
  @Test
  void theCombinedCrcIsTheCrcOfTheConcatenation() {
    Random random = new Random(20);
    for (int trial = 0; trial < 200; trial++) {
      byte[] a = new byte[random.nextInt(trial < 20 ? 3 : 70_000)];
      byte[] b = new byte[random.nextInt(trial < 10 ? 2 : 70_000)];
      random.nextBytes(a);
      random.nextBytes(b);
      CRC32 whole = new CRC32();
      whole.update(a);
      whole.update(b);
      assertEquals(
          whole.getValue(),
          Crc32Combine.combine(crc(a), crc(b), b.length),
          a.length + " + " + b.length + " bytes");
    }
  }

  @Test
  void aCrcCombinesOverLengthsBeyondFourGibibytes() {
    // ISIZE wraps at 2^32, the CRC must not: "abc" and 2^32 + 5 zero bytes, against CRC32 fed
    // every byte.
    long zeros = (1L << 32) + 5;
    CRC32 reference = new CRC32();
    reference.update("abc".getBytes());
    byte[] mib = new byte[1 << 20];
    long left = zeros;
    while (left > 0) {
      int n = (int) Math.min(left, mib.length);
      reference.update(mib, 0, n);
      left -= n;
    }
    assertEquals(
        reference.getValue(),
        Crc32Combine.combine(crc("abc".getBytes()), crcOfZeros(zeros), zeros));
  }

  /** The CRC-32 of {@code n} zero bytes, by doubling: combine of a part with itself. */
  private static long crcOfZeros(long n) {
    long crc = 0; // of no bytes
    long length = 0;
    byte[] one = {0};
    long crcOne = crc(one);
    for (int bit = 62; bit >= 0; bit--) {
      crc = Crc32Combine.combine(crc, crc, length);
      length *= 2;
      if ((n >>> bit & 1) != 0) {
        crc = Crc32Combine.combine(crc, crcOne, 1);
        length++;
      }
    }
    return crc;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
