package io.statsbridge.web;

import io.statsbridge.exposition.Chunk;
import io.statsbridge.exposition.ChunkWriter;
import java.io.Writer;
import java.util.Arrays;

/**
 * A {@link Writer} that encodes UTF-8 straight into one growing byte array. The self-metrics are
 * written on every scrape in hundreds of small writes: through an {@code OutputStreamWriter} each
 * one was encoded on its own (three quarters of a scrape's Java time), a {@code StringWriter} takes
 * a lock on each, and a {@code StringBuilder} encoded at the end made three copies of the text per
 * scrape. Lone surrogates become {@code ?}, as {@link String#getBytes} makes them. Not thread-safe:
 * one per scrape.
 */
final class TextBuffer extends Writer {
  private byte[] bytes;
  private int length;

  /** A high surrogate whose low half has not been written yet, or 0. */
  private char high;

  TextBuffer(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  @Override
  public void write(int c) {
    put((char) c);
  }

  @Override
  public void write(char[] chars, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      put(chars[i]);
    }
  }

  @Override
  public void write(String s) {
    write(s, 0, s.length());
  }

  @Override
  public void write(String s, int offset, int count) {
    room(count);
    for (int i = offset; i < offset + count; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && high == 0 && length < bytes.length) {
        bytes[length++] = (byte) c; // the common case, without put's other checks
      } else {
        put(c);
      }
    }
  }

  @Override
  public Writer append(CharSequence chars) {
    write(String.valueOf(chars));
    return this;
  }

  @Override
  public Writer append(char c) {
    put(c);
    return this;
  }

  /** Bytes written so far, with a dangling high surrogate as {@code ?}. */
  int length() {
    return length + (high == 0 ? 0 : 1);
  }

  /** Everything written, in UTF-8. */
  byte[] utf8() {
    endSurrogate();
    return Arrays.copyOf(bytes, length);
  }

  /** Everything written, in UTF-8, compressed. */
  Chunk gzip() {
    endSurrogate();
    return ChunkWriter.compress(bytes, 0, length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private void put(char c) {
    room(4);
    if (high != 0) {
      char h = high;
      high = 0;
      if (Character.isLowSurrogate(c)) {
        int cp = Character.toCodePoint(h, c);
        bytes[length++] = (byte) (0xF0 | (cp >> 18));
        bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (cp & 0x3F));
        return;
      }
      bytes[length++] = '?';
      room(4);
    }
    if (c < 0x80) {
      bytes[length++] = (byte) c;
    } else if (c < 0x800) {
      bytes[length++] = (byte) (0xC0 | (c >> 6));
      bytes[length++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)) {
      high = c;
    } else if (Character.isLowSurrogate(c)) {
      bytes[length++] = '?';
    } else {
      bytes[length++] = (byte) (0xE0 | (c >> 12));
      bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      bytes[length++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  private void endSurrogate() {
    if (high != 0) {
      high = 0;
      room(1);
      bytes[length++] = '?';
    }
  }

  /** Room for {@code n} more bytes. */
  private void room(int n) {
    if (bytes.length - length < n) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
    }
  }
}
