package io.cpchain.jobs.config;

import io.cpchain.conf.Option;
import io.cpchain.crypto.keys.SecretFile;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/**
 * How a job's Kafka clients reach a secured cluster: TLS and SASL settings in Kafka's own names,
 * from an owner-only properties file, handed to every source and sink of the job. Only security
 * settings are taken: anything else (servers, isolation, transactions) is the job's own option, and
 * a file that set it could break exactly-once unseen. The settings of every job, declared once here;
 * a job config has it as an {@code @OptionGroup} component.
 */
public record KafkaClientConfig(
    @Option(name = "kafka-client-properties-file", defaultValue = NONE,
        description = "owner-only file of Kafka client security settings (security.protocol, sasl.*, ssl.*) for"
            + " every source and sink of the job, read where the job is built; none: plaintext, no authentication")
    String propertiesFile)
    implements Serializable {

  public static final String NONE = "none";
  /** Larger than any set of security settings, so a wrong file (a log, a key store) is refused, not read. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  /** The settings to give every Kafka client of the job; empty with {@link #NONE}. */
  public Properties properties() {
    Properties settings = new Properties();
    if (NONE.equals(propertiesFile)) {
      return settings;
    }
    Path file = Path.of(propertiesFile);
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(where() + "larger than " + MAX_FILE_BYTES + " bytes: not a properties file");
      }
      SecretFile.requireOwnerOnly(file); // it may hold a SASL password
      settings.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(where() + "no such file (a path on the machine that builds the job)");
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(where() + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(where() + "cannot read it: " + e.getMessage(), e);
    }
    TreeSet<String> refused = new TreeSet<>();
    for (String key : settings.stringPropertyNames()) {
      if (!isSecuritySetting(key)) {
        refused.add(key);
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(where() + "not security settings: " + refused
          + "; it takes security.protocol, sasl.* and ssl.* only (the job's own options set the rest)");
    }
    return settings;
  }

  private String where() {
    return "kafka-client-properties-file " + propertiesFile + ": ";
  }

  static boolean isSecuritySetting(String key) {
    return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
  }
}
