package io.cpchain.cli.stack;

import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.jobs.config.KafkaClientConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each {@link KafkaUser}'s password, drawn for this install, in an owner-only file of Kafka client security
 * settings ({@code <work dir>/keys/kafka/<user>.properties}): the file a job gets as
 * {@code --kafka-client-properties-file} and the CLI's clients load. The admin signs in with SASL PLAIN (a KRaft
 * controller takes no SCRAM, and the admin creates the SCRAM users), every other user with SCRAM-SHA-512.
 */
public final class KafkaCredentials {

  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  /** Hex only, so it never needs quoting inside a JAAS line. */
  private static final Pattern PASSWORD = Pattern.compile("password=\"([0-9a-f]+)\"");
  private static final int PASSWORD_BYTES = 32;

  private final Path dir;

  public KafkaCredentials(Path dir) {
    this.dir = dir;
  }

  public Path file(KafkaUser user) {
    return dir.resolve(user.userName() + ".properties");
  }

  /** Whether the admin's credentials exist: a cluster formatted with them takes SASL clients only. */
  public boolean adminExists() {
    return Files.exists(file(KafkaUser.ADMIN));
  }

  /** Draws a password for every user that has none yet; existing files are kept. */
  public void ensureAll() {
    SecureRandom random = new SecureRandom();
    for (KafkaUser user : KafkaUser.values()) {
      Path file = file(user);
      if (Files.exists(file)) {
        continue;
      }
      byte[] secret = new byte[PASSWORD_BYTES];
      random.nextBytes(secret);
      try {
        SecretFile.create(file, settingsText(user, HexFormat.of().formatHex(secret)));
      } catch (FileAlreadyExistsException raced) {
        // another process drew it first: both use that one
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  /** The user's client security settings, as a job reads them (owner-only, security settings only). */
  public Properties settings(KafkaUser user) {
    Path file = file(user);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no Kafka credentials in " + file + " (bin/cpchain up creates them)");
    }
    return new KafkaClientConfig(file.toString()).properties();
  }

  /** The user's password, for the brokers' own settings and the SCRAM credential the admin creates. */
  public String password(KafkaUser user) {
    Matcher m = PASSWORD.matcher(settings(user).getProperty("sasl.jaas.config", ""));
    if (!m.find()) {
      throw new IllegalStateException(file(user) + " has no password in sasl.jaas.config");
    }
    return m.group(1);
  }

  /** The JAAS line of a user signing in with {@code password}. */
  static String jaas(KafkaUser user, String password) {
    String module = user == KafkaUser.ADMIN ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + user.userName() + "\" password=\"" + password + "\";";
  }

  private static byte[] settingsText(KafkaUser user, String password) throws IOException {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_PLAINTEXT");
    p.setProperty("sasl.mechanism", user == KafkaUser.ADMIN ? "PLAIN" : SCRAM_MECHANISM);
    p.setProperty("sasl.jaas.config", jaas(user, password));
    StringWriter text = new StringWriter();
    p.store(text, "Kafka user " + user.userName() + " of the local stack: keep owner-only");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
