package io.statsbridge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * no_proxy read as Go's golang.org/x/net/http/httpproxy reads NO_PROXY (the examples of its
 * documentation), except that loopback is not exempt by itself.
 */
class NoProxyTest {
  @ParameterizedTest(name = "{0} → {1}:{2} bypasses: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // "foo.com" matches "foo.com" and "bar.foo.com"; ".y.com" matches "x.y.com" but not "y.com"
        "foo.com|foo.com|443|true",
        "foo.com|bar.foo.com|443|true",
        "foo.com|barfoo.com|443|false",
        ".y.com|x.y.com|443|true",
        ".y.com|y.com|443|false",
        "*.y.com|x.y.com|443|true",
        "*.y.com|y.com|443|false",
        "FOO.com|foo.COM|443|true",
        // A port limits the entry to it
        "foo.com:8443|foo.com|8443|true",
        "foo.com:8443|foo.com|443|false",
        "10.1.2.3:80|10.1.2.3|80|true",
        "10.1.2.3:80|10.1.2.3|81|false",
        // IP addresses and CIDR blocks, v4 and v6
        "10.1.2.3|10.1.2.3|443|true",
        "10.1.2.3|10.1.2.4|443|false",
        "10.0.0.0/8|10.200.0.1|443|true",
        "10.0.0.0/8|11.0.0.1|443|false",
        "192.168.1.0/24|192.168.1.255|443|true",
        "192.168.1.0/24|192.168.2.1|443|false",
        "fd00::/8|fd12:3456::1|443|true",
        "fd00::/8|fe80::1|443|false",
        "::1|::1|443|true",
        "[::1]:8443|::1|8443|true",
        "[::1]:8443|::1|443|false",
        "0.0.0.0/0|203.0.113.7|443|true",
        // Everything; entries are comma-separated with spaces allowed; empty entries are nothing
        "*|anything.example|443|true",
        "a.net, b.net ,c.net|b.net|443|true",
        "a.net,,c.net|b.net|443|false",
        // Loopback and localhost take the proxy unless listed (Go exempts them)
        "example.net|localhost|443|false",
        "example.net|127.0.0.1|443|false",
        "localhost|localhost|443|true",
        "127.0.0.0/8|127.0.0.1|443|true",
        // A domain never matches an address, nor an address a name
        "10.1.2.3|a.10.1.2.3.example|443|false",
      })
  void matchesAsGoDoes(String noProxy, String host, int port, boolean bypasses) {
    NoProxy.Parsed parsed = NoProxy.parse(noProxy);
    assertEquals(java.util.List.of(), parsed.problems());
    assertEquals(bypasses, parsed.noProxy().bypasses(host, port));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33",
        "10.0.0.0/x",
        "300.1.1.1/8",
        "host:0",
        "host:70000",
        "host:port",
        "bad host",
        "a/b",
        "ex!ample.com"
      })
  void anEntryThatIsNothingIsAProblem(String entry) {
    NoProxy.Parsed parsed = NoProxy.parse("ok.example, " + entry);
    assertEquals(1, parsed.problems().size(), parsed.problems().toString());
    assertEquals(true, parsed.noProxy().bypasses("ok.example", 443));
  }
}
