package io.cpchain.cli.stack;

import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.crypto.tls.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The one identity that may use the local Flink cluster's REST API: a key and self-signed certificate drawn per
 * install ({@code <work dir>/keys/flink/rest.p12}, its password in {@code rest.password}, both owner-only). The
 * cluster serves REST over TLS with client authentication (Flink's {@code security.ssl.rest.*}) and trusts this
 * certificate alone; the CLI presents it. Flink 2.x has no other authentication for REST, and {@code POST /jobs}
 * runs any code: without this, anyone who reaches the port on loopback runs code as the cluster.
 */
public final class FlinkRestIdentity {

  private static final String ALIAS = "cpchain-flink-rest";
  private static final String PROTOCOL = "TLSv1.3";
  private static final String CIPHER_SUITES = "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256";
  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final Path keyStore;
  private final Path passwordFile;

  public FlinkRestIdentity(Path dir) {
    this.keyStore = dir.resolve("rest.p12");
    this.passwordFile = dir.resolve("rest.password");
  }

  public Path keyStore() {
    return keyStore;
  }

  public Path passwordFile() {
    return passwordFile;
  }

  /** Draws the key and certificate if this install has none; an existing one is kept. */
  public void ensure() {
    if (Files.exists(keyStore)) {
      return;
    }
    try {
      char[] password = PasswordFile.readOrCreate(passwordFile);
      SecretFile.create(keyStore, newKeyStore(password));
    } catch (FileAlreadyExistsException raced) {
      // another process drew it first: both use that one
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + keyStore, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the Flink REST certificate: " + e.getMessage(), e);
    }
  }

  /** Flink's settings for a REST server that takes only this identity's clients, or a REST client that is one. */
  public void applyTo(Configuration conf) {
    String password = new String(password());
    String store = keyStore.toAbsolutePath().toString();
    conf.set(SecurityOptions.SSL_REST_ENABLED, true);
    conf.set(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED, true);
    conf.set(SecurityOptions.SSL_REST_KEYSTORE, store);
    conf.set(SecurityOptions.SSL_REST_KEYSTORE_TYPE, "PKCS12");
    conf.set(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD, password);
    conf.set(SecurityOptions.SSL_REST_KEY_PASSWORD, password);
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE, store);
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_TYPE, "PKCS12");
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD, password);
    // Flink's defaults are TLS 1.2 with an RSA-only suite, which an EC key cannot serve.
    conf.set(SecurityOptions.SSL_PROTOCOL, PROTOCOL);
    conf.set(SecurityOptions.SSL_ALGORITHMS, CIPHER_SUITES);
  }

  /** A TLS context for the JDK's HTTP client: presents this identity and trusts only the cluster's (the same) certificate. */
  public SSLContext sslContext() {
    char[] password = password();
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Flink REST identity " + keyStore
          + " (bin/cpchain up creates it)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the Flink REST identity " + keyStore + ": " + e.getMessage(), e);
    }
  }

  private char[] password() {
    try {
      SecretFile.requireOwnerOnly(keyStore);
      SecretFile.requireOwnerOnly(passwordFile);
      return PasswordFile.read(passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Flink REST identity's password " + passwordFile
          + " (bin/cpchain up creates it)", e);
    }
  }

  private static byte[] newKeyStore(char[] password) throws GeneralSecurityException, IOException {
    // The cluster listens on 127.0.0.1 only; the client checks the host name against these.
    SelfSignedCertificate generated = SelfSignedCertificate.generate("cpchain-flink-rest", VALIDITY,
        List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
    X509Certificate certificate = generated.certificate();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(ALIAS, generated.keyPair().getPrivate(), password, new Certificate[] {certificate});
    store.setCertificateEntry(ALIAS + "-trusted", certificate);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password);
    return out.toByteArray();
  }
}
