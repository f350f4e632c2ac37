package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.statsbridge.testing.CollidingTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringPoolTest {
  @Test
  void aTextReadTwiceFromTheBodyIsOneString() throws Exception {
    StringPool pool = new StringPool();
    List<String> texts = new ArrayList<>();
    try (JsonParser p =
        new JsonFactory()
            .createParser(
                "[\"web\",\"db\",\"web\",1.50,true,\"wéb\",\"\uD83D\uDE80\",\"\",\"db\"]")) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isScalarValue()) {
          texts.add(pool.text(p));
        }
      }
    }

    assertEquals(
        List.of("web", "db", "web", "1.50", "true", "wéb", "\uD83D\uDE80", "", "db"), texts);
    assertSame(texts.get(0), texts.get(2));
    assertSame(texts.get(1), texts.get(8));
    assertNotSame(texts.get(0), texts.get(5));
    assertEquals(7, pool.size());
  }

  @Test
  void aJoinedTextIsPooledLikeAReadOne() {
    StringPool pool = new StringPool();
    String read = pool.of("a,b".toCharArray(), 0, 3);

    assertSame(read, pool.of(new StringBuilder("a").append(',').append('b')));
    assertSame(read, pool.of("xa,by".toCharArray(), 1, 3));
  }

  /** More texts than the table takes (it stops growing at 65,536 slots): the rest go to the map. */
  @Test
  void everyTextOutlivesTheTableGrowing() {
    StringPool pool = new StringPool();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      first.add(pool.of("host-" + i));
    }
    for (int i = 0; i < 100_000; i++) {
      String again = pool.of("host-" + i);
      assertEquals("host-" + i, again);
      assertSame(first.get(i), again);
    }
    assertEquals(100_000, pool.size());
  }

  /**
   * 131,072 texts with one hash ({@link CollidingTexts}). They overflow their few table slots into
   * a map that searches them as a tree; probing the table for every one of them would be quadratic
   * (over 20 s here, against under one).
   */
  @Test
  void textsWithOneHashStayDistinctAndFast() {
    List<String> texts = CollidingTexts.of(17);
    assertEquals(1, texts.stream().map(String::hashCode).distinct().count());
    StringPool pool = new StringPool();

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          List<String> first = texts.stream().map(pool::of).toList();
          for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), first.get(i));
            assertSame(first.get(i), pool.of(texts.get(i)));
          }
        });
    assertEquals(1 << 17, pool.size());
  }
}
