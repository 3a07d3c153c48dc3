package io.cpchain.ingest.job;

import static io.cpchain.jobs.testing.KafkaTestBroker.acl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.TestFrames;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ValidReading;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job against a broker that takes SASL clients only and authorises each request by ACL:
 * run as a user with no more than the ACLs its topics, group and transactions need, given through
 * {@code kafka-client-properties-file}, it reads, validates and writes exactly as on the open broker;
 * wrong credentials and a topic outside the user's ACLs are refused by the broker.
 */
class SecuredKafkaIngestITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final String RUN = "secured";
  private static KafkaTestBroker kafka;
  private static TestChain chain;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaTestBroker.secured();
    chain = new TestChain(dir.resolve("chain"), 1);
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
    chain.close();
  }

  @Test
  void theJobRunsAsAUserWithOnlyItsAclsAndTakesEveryValidReading() throws Exception {
    IngestJobConfig config = IngestJobConfig.fromArgs("--bootstrap-servers", kafka.bootstrapServers(),
        "--kafka-client-properties-file", userSettingsFile().toString(),
        "--raw-topic", RUN + ".raw", "--valid-topic", RUN + ".valid", "--dlq-topic", RUN + ".dlq",
        "--group-id", RUN, "--transactional-id-prefix", RUN, "--parallelism", "1", "--checkpoint-interval", "500ms",
        "--chain-nodes", chain.api(1).toString(), "--chain-genesis", chain.layout().dir().resolve("genesis.yaml")
            .toString(), "--chain-poll-interval", "50ms");
    for (String topic : List.of(config.rawTopic(), config.validTopic(), config.dlqTopic())) {
      kafka.createTopic(topic, 1, Map.of());
    }
    String user = KafkaTestBroker.USER;
    kafka.allow(List.of(
        acl(user, ResourceType.TOPIC, config.rawTopic(), PatternType.LITERAL, AclOperation.READ),
        acl(user, ResourceType.TOPIC, config.validTopic(), PatternType.LITERAL, AclOperation.WRITE),
        acl(user, ResourceType.TOPIC, config.dlqTopic(), PatternType.LITERAL, AclOperation.WRITE),
        acl(user, ResourceType.GROUP, config.groupId(), PatternType.LITERAL, AclOperation.READ),
        acl(user, ResourceType.TRANSACTIONAL_ID, config.transactionalIdPrefix(), PatternType.PREFIXED,
            AclOperation.WRITE)));

    Ed25519PrivateKey device = register("veh-secured");
    long now = System.currentTimeMillis();
    Set<String> expected = new HashSet<>();
    for (int seq = 0; seq < 5; seq++) {
      kafka.send(config.rawTopic(), "veh-secured", TestFrames.signed(
          TestFrames.unsigned("veh-secured", device, seq, TestFrames.readings(3, now + seq * 100L)), device));
      for (int i = 0; i < 3; i++) {
        expected.add(seq + "/" + i);
      }
    }
    JobClient job = TelemetryIngestJobITCase.start(config, null);
    try {
      AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
      Set<String> valid = new HashSet<>();
      List<byte[]> out = kafka.readCommitted(config.validTopic(), expected.size(), Duration.ofSeconds(90),
          Duration.ofSeconds(2));
      for (byte[] value : out) {
        ValidReading reading = messages.decode(value);
        valid.add(reading.getFrameSeq() + "/" + reading.getIndexInFrame());
      }
      assertEquals(expected.size(), out.size(), "each valid reading exactly once");
      assertEquals(expected, valid);
    } finally {
      job.cancel().get();
    }

    // The same user may not write the job's input (no WRITE on it), and a wrong password gets nothing.
    assertInstanceOf(TopicAuthorizationException.class, sendFailure(KafkaTestBroker.USER,
        KafkaTestBroker.USER_PASSWORD, config.rawTopic()));
    assertInstanceOf(SaslAuthenticationException.class, sendFailure(KafkaTestBroker.USER, "guessed",
        config.rawTopic()));
  }

  /** The user's settings as an operator writes them: an owner-only file in Kafka's own names. */
  private static Path userSettingsFile() throws Exception {
    Properties settings = KafkaTestBroker.clientSecurity(KafkaTestBroker.USER, KafkaTestBroker.USER_PASSWORD);
    StringWriter text = new StringWriter();
    settings.store(text, "the ingest job's Kafka user");
    Path file = dir.resolve("ingest-kafka.properties");
    SecretFile.create(file, text.toString().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private static Throwable sendFailure(String user, String password, String topic) {
    Properties props = KafkaTestBroker.clientSecurity(user, password);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> producer.send(new ProducerRecord<>(topic, "forged".getBytes())).get(30, TimeUnit.SECONDS));
      return failed.getCause();
    }
  }

  private static Ed25519PrivateKey register(String deviceId) throws Exception {
    AccountPrivateKey owner = AccountPrivateKey.generate();
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    long chainId = chain.validators().chainId();
    chain.client(1).submit(Transaction.sign(owner, chainId, 0,
        new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0)));
    Transaction device = Transaction.sign(owner, chainId, 1,
        new Payload.RegisterDevice(deviceId, key.publicKey(), TestFrames.KEY_VALID_FROM, 0));
    chain.client(1).submit(device);
    assertEquals("OK", chain.client(1).awaitReceipt(device.hash(), Duration.ofSeconds(30)).status());
    return key;
  }
}
