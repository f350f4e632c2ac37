package io.statsbridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.statsbridge.config.ConfigException;
import io.statsbridge.config.ConfigNode;
import io.statsbridge.config.FileProblems;
import io.statsbridge.config.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * {@code --web.config.file} in the Prometheus web.yml format: {@code tls_server_config} (PEM {@code
 * cert_file} and PKCS#8 {@code key_file}) and {@code basic_auth_users} (bcrypt hashes). Read once
 * at start; every problem is reported with its place, like statsbridge.yml.
 */
public record WebConfig(Optional<SSLContext> tls, Map<String, String> basicAuthUsers) {
  public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());
  private static final Pattern PEM_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----", Pattern.DOTALL);

  public WebConfig {
    basicAuthUsers = Map.copyOf(basicAuthUsers);
  }

  record TlsFields(String certFile, String keyFile) {}

  record Fields(TlsFields tlsServerConfig, Map<String, String> basicAuthUsers) {}

  public static WebConfig load(Path file) throws ConfigException {
    String name = file.toString();
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(FileProblems.readText(file));
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(name + ": not valid YAML: " + e.getOriginalMessage()));
    } catch (FileProblems.Unusable e) {
      throw new ConfigException(List.of(name + ": cannot read web config file: " + e.getMessage()));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return NONE;
    }
    if (!(root instanceof ObjectNode object)) {
      throw new ConfigException(List.of(name + ": must be a mapping"));
    }
    Problems problems = new Problems();
    ConfigNode node = new ConfigNode(object, "", problems);
    Optional<Fields> fields = node.bind(Fields.class);
    Optional<SSLContext> tls = Optional.empty();
    Map<String, String> users = Map.of();
    if (fields.isPresent()) {
      Fields f = fields.get();
      if (f.tlsServerConfig() != null) {
        tls = tls(f.tlsServerConfig(), problems);
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

  private static Optional<SSLContext> tls(TlsFields f, Problems problems) {
    if (f.certFile() == null || f.keyFile() == null) {
      problems.add("tls_server_config", "needs both cert_file and key_file");
      return Optional.empty();
    }
    try {
      List<? extends Certificate> chain;
      try (var in = Files.newInputStream(Path.of(f.certFile()))) {
        chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        problems.add("tls_server_config.cert_file", "no PEM certificate in " + f.certFile());
        return Optional.empty();
      }
      PrivateKey key = privateKey(Files.readString(Path.of(f.keyFile())));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("statsbridge", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return Optional.of(context);
    } catch (IOException e) {
      problems.add(
          "tls_server_config",
          "cannot read " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add("tls_server_config", "unusable certificate or key: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    Matcher m = PEM_KEY.matcher(pem);
    if (!m.find()) {
      throw new GeneralSecurityException(
          "key_file must hold a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("key_file holds no RSA, EC or Ed25519 key");
  }
}
