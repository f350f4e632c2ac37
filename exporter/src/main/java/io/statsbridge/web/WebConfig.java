package io.statsbridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.FileProblems;
import io.statsbridge.config.Problems;
import io.statsbridge.config.YamlTree;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * {@code --web.config.file} in the Prometheus web.yml format: {@code tls_server_config} (PEM {@code
 * cert_file} and {@code key_file}, {@code min_version}, {@code max_version}, {@code cipher_suites})
 * and {@code basic_auth_users} (bcrypt hashes). Relative paths are resolved against the file's own
 * folder, as Prometheus does. Every problem is reported with its place, like statsbridge.yml. Read
 * at start, and again by {@link LiveWebConfig} when it or the files it names change.
 */
public record WebConfig(Optional<TlsSettings> tls, Map<String, String> basicAuthUsers) {
  public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());

  public WebConfig {
    basicAuthUsers = Map.copyOf(basicAuthUsers);
  }

  record TlsFields(
      String certFile,
      String keyFile,
      String minVersion,
      String maxVersion,
      List<String> cipherSuites) {}

  record Fields(TlsFields tlsServerConfig, Map<String, String> basicAuthUsers) {}

  public static WebConfig load(Path file) throws ConfigException {
    String name = file.toString();
    JsonNode root;
    try {
      root = YamlTree.read(name, FileProblems.readText(file)).orElse(null);
    } catch (FileProblems.Unusable e) {
      throw new ConfigException(List.of(name + ": cannot read web config file: " + e.getMessage()));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return NONE;
    }
    if (!(root instanceof ObjectNode object)) {
      throw new ConfigException(List.of(name + ": must be a mapping"));
    }
    Path folder = file.toAbsolutePath().getParent();
    Problems problems = new Problems();
    ConfigNode node = new ConfigNode(object, "", problems);
    Optional<Fields> fields = node.bind(Fields.class);
    Optional<TlsSettings> tls = Optional.empty();
    Map<String, String> users = Map.of();
    if (fields.isPresent()) {
      Fields f = fields.get();
      if (f.tlsServerConfig() != null) {
        tls = tls(f.tlsServerConfig(), folder, problems);
      }
      if (f.basicAuthUsers() != null) {
        users = f.basicAuthUsers();
        users.forEach(
            (user, hash) -> {
              if (hash == null || !hash.matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
                problems.add(
                    "basic_auth_users." + user,
                    "must be a bcrypt hash ($2y$…), never a plain password");
              }
            });
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.messages().stream().map(m -> name + ": " + m).toList());
    }
    return new WebConfig(tls, users);
  }

  /**
   * The files the web config at {@code file} is made of: itself, and the certificate and key it
   * names as far as it can be read (a file that cannot is itself alone).
   */
  static List<Path> files(Path file) {
    List<Path> files = new ArrayList<>(List.of(file));
    try {
      JsonNode tls =
          YamlTree.read(file.toString(), FileProblems.readText(file))
              .map(root -> root.get("tls_server_config"))
              .orElse(null);
      if (tls != null && tls.isObject()) {
        Path folder = file.toAbsolutePath().getParent();
        for (String key : List.of("cert_file", "key_file")) {
          JsonNode name = tls.get(key);
          if (name != null && name.isTextual()) {
            files.add(folder.resolve(name.asText()));
          }
        }
      }
    } catch (ConfigException | FileProblems.Unusable | RuntimeException e) {
      // What cannot be read is reported by load; here it is the file alone.
    }
    return files;
  }

  private static Optional<TlsSettings> tls(TlsFields f, Path folder, Problems problems) {
    String at = "tls_server_config";
    if (f.certFile() == null || f.keyFile() == null) {
      problems.add(at, "needs both cert_file and key_file");
      return Optional.empty();
    }
    List<String> versions = List.copyOf(TlsSettings.VERSIONS.keySet());
    String min = f.minVersion() == null ? "TLS12" : f.minVersion();
    String max = f.maxVersion() == null ? "TLS13" : f.maxVersion();
    boolean ok = true;
    for (String[] v : new String[][] {{"min_version", min}, {"max_version", max}}) {
      if (!versions.contains(v[1])) {
        problems.add(
            at + "." + v[0],
            "must be one of " + String.join(", ", versions) + " (got \"" + v[1] + "\")");
        ok = false;
      }
    }
    if (ok && versions.indexOf(min) > versions.indexOf(max)) {
      problems.add(at + ".max_version", "is older than min_version " + min + " (got " + max + ")");
      ok = false;
    }
    try {
      SSLContext context = context(folder.resolve(f.certFile()), folder.resolve(f.keyFile()));
      List<String> supported =
          Arrays.asList(context.getServerSocketFactory().getSupportedCipherSuites());
      List<String> suites = new ArrayList<>();
      if (f.cipherSuites() == null) {
        TlsSettings.DEFAULT_SUITES.forEach(
            s -> TlsSettings.suite(s, supported).ifPresent(suites::add));
      } else {
        for (int i = 0; i < f.cipherSuites().size(); i++) {
          String s = f.cipherSuites().get(i);
          Optional<String> known = s == null ? Optional.empty() : TlsSettings.suite(s, supported);
          if (known.isEmpty()) {
            problems.add(
                at + ".cipher_suites[" + i + "]",
                "unknown or unsupported cipher suite \""
                    + s
                    + "\" (e.g. "
                    + TlsSettings.DEFAULT_SUITES.get(1)
                    + ")");
            ok = false;
          } else {
            suites.add(known.get());
          }
        }
      }
      return ok
          ? Optional.of(new TlsSettings(context, TlsSettings.protocols(min, max), suites))
          : Optional.empty();
    } catch (FileProblems.Unusable e) {
      problems.add(at, e.getMessage());
    } catch (IOException e) {
      problems.add(at, "cannot read the certificate or key: " + e.getMessage());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add(at, "unusable certificate or key: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static SSLContext context(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException, FileProblems.Unusable {
    List<? extends Certificate> chain = readCertificates(certFile);
    PrivateKey key = PemKeys.read(read(keyFile, "key_file"));
    if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
      throw new FileProblems.Unusable(
          "key_file "
              + keyFile
              + " does not match cert_file "
              + certFile
              + ": the key is not the private key of the certificate's public key (a renewed"
              + " certificate beside the old key?)");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("statsbridge", key, password, chain.toArray(new Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static List<? extends Certificate> readCertificates(Path file)
      throws FileProblems.Unusable {
    try {
      return FileProblems.readCertificates(file);
    } catch (FileProblems.Unusable e) {
      throw new FileProblems.Unusable("cert_file " + file + ": " + e.getMessage());
    }
  }

  private static String read(Path file, String key) throws FileProblems.Unusable {
    try {
      return FileProblems.readText(file);
    } catch (FileProblems.Unusable e) {
      throw new FileProblems.Unusable(key + " " + file + ": " + e.getMessage());
    }
  }
}
