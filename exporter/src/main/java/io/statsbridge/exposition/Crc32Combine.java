package io.statsbridge.exposition;

/**
 * The CRC-32 of a concatenation from the CRC-32s and lengths of its parts, as zlib's {@code
 * crc32_combine} computes it (zlib 1.2.12 and later): appending {@code n} bytes to a message
 * multiplies its CRC by x^(8n) modulo the CRC polynomial, and a product in GF(2)[x] needs no data.
 * So a gzip body assembled from parts compressed at different times gets its trailer without
 * reading the text again.
 */
final class Crc32Combine {
  /** The CRC-32 polynomial, bit-reversed (the least significant bit is the highest power). */
  private static final int POLY = 0xedb88320;

  /** x^0, in the reflected representation: the top bit. */
  private static final int ONE = 1 << 31;

  /** {@code X2N[k]} is x^(2^k) modulo the polynomial. */
  private static final int[] X2N = new int[32];

  static {
    int p = 1 << 30; // x^1
    X2N[0] = p;
    for (int k = 1; k < 32; k++) {
      p = multiply(p, p);
      X2N[k] = p;
    }
  }

  private Crc32Combine() {}

  /**
   * The CRC-32 of A followed by B.
   *
   * @param crcA the CRC-32 of A
   * @param crcB the CRC-32 of B
   * @param lengthB the length of B in bytes
   */
  static long combine(long crcA, long crcB, long lengthB) {
    if (lengthB < 0) {
      throw new IllegalArgumentException("negative length " + lengthB);
    }
    int shifted = multiply(xToThe8Times(lengthB), (int) crcA);
    return Integer.toUnsignedLong(shifted ^ (int) crcB);
  }

  /** a × b modulo the polynomial, both reflected. */
  private static int multiply(int a, int b) {
    if (a == 0) {
      return 0;
    }
    int product = 0;
    int m = ONE;
    while (true) {
      if ((a & m) != 0) {
        product ^= b;
        if ((a & (m - 1)) == 0) {
          return product;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
  }

  /** x^(8n) modulo the polynomial: x^(n·2^3), from the powers x^(2^k). */
  private static int xToThe8Times(long n) {
    int p = ONE;
    int k = 3;
    for (long rest = n; rest != 0; rest >>>= 1, k++) {
      if ((rest & 1) != 0) {
        p = multiply(X2N[k & 31], p);
      }
    }
    return p;
  }
}
