package io.cpchain.cli.insurance;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.he.HeKeyPasswords;
import io.cpchain.cli.simulate.Producers;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsuranceScores;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.InsuranceScore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insurer}: the insurer's side of encrypted usage-based insurance. */
@Command(name = "insurer", description = "The insurer: make its HE keys, consume the encrypted scores.",
    subcommands = {InsurerCommand.Keys.class, InsurerCommand.Consume.class})
public final class InsurerCommand implements Runnable {

  public static final String DEFAULT_MODEL = "flink-conf/models/example-ubi.properties";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "keys", description = "Make the insurer's CKKS keys: insurer.key (secret), insurer.pub (for the"
      + " gateways), insurer.eval (for the scoring job); and its chain account, whose address consents name.")
  static final class Keys implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".cpchain/insurance",
        description = "where to write them (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the password the"
        + " secret key is encrypted under (default: the file '" + HeKeyPasswords.FILE + "' in --dir, made if absent)")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      if (dir.resolve(InsurerKeys.SECRET_FILE).toFile().exists()) {
        throw new IllegalArgumentException(dir.resolve(InsurerKeys.SECRET_FILE) + " exists: not overwriting a secret key");
      }
      InsurerKeys keys = InsurerKeys.generate();
      keys.write(dir, HeKeyPasswords.forNewKey(dir, passwordFile));
      System.out.println("insurer key " + keys.keyId() + ": " + dir.resolve(InsurerKeys.SECRET_FILE)
          + " (insurer only, encrypted), " + dir.resolve(InsurerKeys.PUBLIC_FILE) + ", "
          + dir.resolve(InsurerKeys.EVALUATION_FILE));
      System.out.println("insurer address (owners consent to it): " + InsurerAccount.ensure(dir).toHex());
      return 0;
    }
  }

  @Command(name = "consume", description = "Decrypt the scored periods under this key: a table (driver pseudonym,"
      + " period, score, band), optionally CSV, a plain topic in the insurer's domain, and the distribution as PNG.")
  static final class Consume implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the insurer's secret key file")
    Path keyFile;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key file's password (" + HeKeyPasswords.READ_DEFAULT + ")")
    Path passwordFile;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = DEFAULT_MODEL,
        description = "the model the scores were made with, for its bands (default: ${DEFAULT-VALUE})")
    Path modelFile;

    @Option(names = "--out", paramLabel = "FILE", description = "also write every score as CSV")
    Path csv;

    @Option(names = "--to-topic", paramLabel = "TOPIC", arity = "0..1", fallbackValue = InsuranceScores.PLAIN_TOPIC,
        description = "also write every score as InsuranceScore to this topic (default when given without a"
            + " name: " + InsuranceScores.PLAIN_TOPIC + ")")
    String toTopic;

    @Option(names = "--png", paramLabel = "FILE", description = "also draw the score distribution")
    Path png;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "table rows; beyond, the highest and lowest half each (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = InsuranceScores.ENCRYPTED_TOPIC,
        description = "encrypted scores topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() throws Exception {
      if (limit < 2) {
        throw new IllegalArgumentException("--limit must be at least 2");
      }
      HeSecretKey key = HeKeyPasswords.read(keyFile, passwordFile);
      InsuranceModel model = InsuranceModel.read(modelFile);
      List<InsuranceScores.Row> rows =
          InsuranceScores.decrypt(TopicScan.values(stack.config().kafkaClient(KafkaUser.ADMIN), topic), key, model,
              topic);
      if (rows.isEmpty()) {
        throw new IllegalStateException("no scored period on " + topic + " yet (a period is scored once it has ended)");
      }
      System.out.println(rows.size() + " driver-periods scored with " + model.label() + " (an example model)");
      ScoreTable.print(System.out, rows, limit);
      if (csv != null) {
        ScoreTable.writeCsv(rows, csv);
        System.out.println("csv: " + csv.toAbsolutePath());
      }
      if (toTopic != null) {
        AvroMessages<InsuranceScore> messages = AvroMessages.of(InsuranceScore.class);
        try (Producer<byte[], byte[]> producer = Producers.gateway(stack.config().kafkaClient(KafkaUser.ADMIN))) {
          for (InsuranceScores.Row row : rows) {
            producer.send(new ProducerRecord<>(toTopic, row.driver().getBytes(StandardCharsets.UTF_8),
                messages.encode(row.toRecord(model))));
          }
          producer.flush();
        }
        System.out.println(rows.size() + " scores written to " + toTopic);
      }
      if (png != null) {
        ScoreChart.write(rows, model, png);
        System.out.println("distribution: " + png.toAbsolutePath());
      }
      return 0;
    }
  }

}
