package io.statsbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statsbridge.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** YAML as YAML 1.2 says: aliases, merge keys, core-schema scalars; refusals with their place. */
class YamlTreeTest {
  private static JsonNode read(String yaml) throws ConfigException {
    return YamlTree.read(yaml).orElseThrow();
  }

  private static List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> YamlTree.read(yaml)).problems();
  }

  @Test
  void plainScalarsAreTypedByTheYaml12CoreSchema() throws Exception {
    JsonNode tree =
        read(
            """
            words: [yes, no, on, off, y, n, Yes, NO]
            time: 1:30
            ints: [7500, -3, +4, 017, 0o17, 0x1F, 3000000000, 99999999999999999999]
            floats: [1.5, .5, 1e3]
            special: [-.inf, .NaN]
            bools: [true, True, FALSE]
            nulls: [~, null, NULL, {empty: }]
            quoted: ["7500", 'true', "~", !!str 5]
            """);
    assertEquals(
        "[\"yes\",\"no\",\"on\",\"off\",\"y\",\"n\",\"Yes\",\"NO\"]", tree.get("words").toString());
    assertEquals("1:30", tree.get("time").textValue());
    assertEquals(
        "[7500,-3,4,17,15,31,3000000000,99999999999999999999]", tree.get("ints").toString());
    assertTrue(tree.get("ints").get(0).isInt());
    assertTrue(tree.get("ints").get(6).isLong());
    assertTrue(tree.get("ints").get(7).isBigInteger());
    assertEquals("[1.5,0.5,1000.0]", tree.get("floats").toString());
    assertEquals(Double.NEGATIVE_INFINITY, tree.get("special").get(0).doubleValue());
    assertTrue(Double.isNaN(tree.get("special").get(1).doubleValue()));
    assertEquals("[true,true,false]", tree.get("bools").toString());
    assertEquals("[null,null,null,{\"empty\":null}]", tree.get("nulls").toString());
    assertEquals("[\"7500\",\"true\",\"~\",\"5\"]", tree.get("quoted").toString());
  }

  @Test
  void anAliasStandsForAScalarAListOrAMapping() throws Exception {
    JsonNode tree =
        read(
            """
            key: &key secret-value
            tags: &tags [env:prod, team:net]
            tls: &tls {ca_file: /ca.pem}
            copies: [*key, *tags, *tls]
            """);
    assertEquals(
        "[\"secret-value\",[\"env:prod\",\"team:net\"],{\"ca_file\":\"/ca.pem\"}]",
        tree.get("copies").toString());
  }

  @Test
  void explicitKeysWinOverMergedOnesAndTheFirstMergedMappingWins() throws Exception {
    JsonNode tree =
        read(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c: {<<: [*a, *b], x: 3}
            d: {<<: *b}
            """);
    assertEquals("{\"x\":3,\"y\":1,\"z\":2}", tree.get("c").toString());
    assertEquals("{\"y\":2,\"z\":2}", tree.get("d").toString());
    assertEquals(
        List.of(
            "e.<<: a merge key takes a mapping or a list of mappings, such as <<: *defaults"
                + " (line 2)"),
        problems("s: &s text\ne: {<<: *s}\n"));
  }

  @Test
  void anAliasInsideItsOwnAnchorIsRefused() {
    assertEquals(
        List.of("a[0]: an alias refers to a list or mapping that contains it, which never ends"),
        problems("a: &a [*a]\n"));
    // SnakeYAML's own merging (LoaderOptions.setMergeOnCompose) never returns from this one.
    assertEquals(
        List.of("b: an alias refers to a list or mapping that contains it, which never ends"),
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems("b: &b {<<: *b}\n")));
  }

  @Test
  void oneMappingMayBeMergedIntoMoreMappingsThanSnakeYamlAllowsAliases() throws Exception {
    StringBuilder yaml = new StringBuilder("common: &common {source: dd}\nqueries:\n");
    for (int i = 0; i < 60; i++) {
      yaml.append("  - {<<: *common, name: q").append(i).append("}\n");
    }
    JsonNode queries = read(yaml.toString()).get("queries");
    assertEquals(60, queries.size());
    assertEquals("{\"name\":\"q59\",\"source\":\"dd\"}", queries.get(59).toString());
  }

  @Test
  void anAliasBombWithinSnakeYamlsAliasLimitIsRefusedQuickly() {
    List<String> problems =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> problems(Fixtures.read("config-alias-bomb-49-aliases.yml")));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems
            .get(0)
            .endsWith(
                ": the file holds more than 100000 values, counting what each alias stands for"
                    + " (an alias bomb?); a config needs far fewer"),
        problems.get(0));
  }

  @Test
  void aScalarRepeatedByAliasesCountsEveryTime() {
    // SnakeYAML counts aliases of lists and mappings only.
    String yaml = "a: &a " + "x".repeat(50_000) + "\nb: [" + "*a, ".repeat(100) + "*a]\n";
    List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(yaml));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems
            .get(0)
            .matches(
                "b\\[\\d+]: the file holds more than "
                    + YamlTree.MAX_CHARACTERS
                    + " characters of text, counting what each alias stands for \\(an alias"
                    + " bomb\\?\\); a config needs far fewer"),
        problems.get(0));
  }

  @Test
  void textNestedTooDeepIsRefusedWithItsPlace() {
    // The root mapping is level 0, b's list level 2 at column 6: the first one too deep is past it.
    String yaml = "a:\n  b: " + nested(YamlTree.MAX_DEPTH + 10, "") + "\n";
    assertEquals(
        List.of(
            "not valid YAML: line 2, column "
                + (YamlTree.MAX_DEPTH + 5)
                + ": Nesting Depth exceeded max "
                + YamlTree.MAX_DEPTH),
        problems(yaml));
  }

  @Test
  void aliasesNestedTooDeepAreRefusedWithTheirPath() {
    // Each anchor nests within the limit; through the alias, b nests deeper.
    String yaml =
        "a: &a " + nested(YamlTree.MAX_DEPTH - 5, "x") + "\nb: " + nested(10, "*a") + "\n";
    List<String> problems = problems(yaml);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems
            .get(0)
            .matches("b(\\[0])+: nested more than " + YamlTree.MAX_DEPTH + " levels deep"),
        problems.get(0));
  }

  private static String nested(int depth, String inside) {
    return "[".repeat(depth) + inside + "]".repeat(depth);
  }

  @Test
  void keysGivenTwiceAreRefusedEachWithBothLines() {
    assertEquals(
        List.of(
            "queries[0].name: the key is given twice, on lines 3 and 4; keep one",
            "sources: the key is given twice, on lines 1 and 5; keep one"),
        problems(
            """
            sources: {}
            queries:
              - name: a
                name: b
            sources: {}
            """));
  }

  @Test
  void brokenYamlIsNamedWithItsLine() {
    assertEquals(
        List.of("not valid YAML: line 2, column 5: found undefined alias nope"),
        problems("a: 1\nb: [*nope]\n"));
    assertEquals(
        List.of(
            "not valid YAML: line 2, column 1: expected a single document in the stream, but"
                + " found another document"),
        problems("a: 1\n---\nb: 2\n"));
    assertTrue(problems("sources: [").get(0).startsWith("not valid YAML: line 1, column 11: "));
  }

  @Test
  void tagsOtherThanTheCoreSchemasAreRefused() {
    assertEquals(
        List.of(
            "a: the tag !secret is not supported (line 1); remove it, or quote the value to make"
                + " it a string",
            "b: is not a valid !!int (line 2)"),
        problems("a: !secret x\nb: !!int x\n"));
  }

  @Test
  void aKeyMustBeAPlainValue() {
    assertEquals(
        List.of(": a key must be a plain value, not a list or mapping (line 1)".substring(2)),
        problems("? [a, b]\n: c\n"));
  }

  @Test
  void anAbsurdlyLongNumberIsRefused() {
    assertEquals(
        List.of("n: a number longer than 100 characters (line 1)"),
        problems("n: " + "9".repeat(200_000) + "\n"));
  }

  @Test
  void anEmptyDocumentHasNoTree() throws Exception {
    assertEquals(Optional.empty(), YamlTree.read("# nothing yet\n"));
    assertEquals(Optional.empty(), YamlTree.read(""));
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstKey() throws Exception {
    assertEquals(1, read("\uFEFFsources: 1\n").get("sources").intValue());
  }
}
