package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.ingest.config.IngestJobConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the stack's own Kafka cluster (its launcher, on free ports), each a client doing what the
 * principal it signs in as may not: on the open PLAINTEXT broker the stack had before, every one of them worked.
 * Each attack is paired with the same client doing what it may, so a refusal is the ACL's, not a broken client's.
 */
class KafkaAccessAttackITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** A loaded machine starts a broker in well under this; an idle one in seconds. */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  /** How long an unauthenticated client tries before it gives up: it never gets past the SASL handshake. */
  private static final Duration UNAUTHENTICATED_WAIT = Duration.ofSeconds(5);

  @TempDir static Path workDir;
  private static StackConfig config;
  private static KafkaService kafka;
  private static IngestJobConfig ingest;
  private static EncryptJobConfig encrypt;
  private static TrafficJobConfig traffic;

  @BeforeAll
  static void startTheCluster() throws Exception {
    config = new StackConfig(workDir, FreePorts.range(2), 1, 0, 0, 0, 0);
    kafka = new KafkaService(config);
    kafka.start();
    kafka.awaitReadyAndCreateTopics(STARTUP_TIMEOUT);
    // The jobs' users, allowed what their default configs read and write, as a submission grants them.
    ingest = IngestJobConfig.fromArgs();
    encrypt = EncryptJobConfig.fromArgs();
    traffic = TrafficJobConfig.fromArgs();
    try (Admin admin = Admin.create(config.kafkaClient(KafkaUser.ADMIN))) { // the traffic stage's own topics
      Topics.ensure(admin, List.of(new Topics.Spec(traffic.contributionTopic(), 1, Map.of()),
          new Topics.Spec(traffic.encryptedTopic(), 1, Map.of())), config, TIMEOUT.toMillis());
    }
    KafkaAcls.grant(config, KafkaAccess.ingest(ingest), KafkaAccess.encrypt(encrypt),
        KafkaAccess.trafficContribution(traffic), KafkaAccess.trafficAggregation(traffic));
  }

  @AfterAll
  static void stopTheCluster() {
    if (kafka != null) {
      kafka.processes().forEach(broker -> broker.stop(Duration.ofSeconds(10)));
    }
  }

  @Test
  void anUnauthenticatedClientCanNeitherWriteValidReadingsNorReadFrames() throws Exception {
    Properties nobody = new Properties();
    nobody.put("bootstrap.servers", config.bootstrapServers());
    send(config.kafkaClient(KafkaUser.GATEWAY), Topics.RAW, "a frame"); // there is a frame to read

    // Its requests go unanswered: the broker takes none before a SASL handshake.
    assertRefused(TimeoutException.class, () -> send(nobody, Topics.VALID, "a forged reading"));
    assertRefused(TimeoutException.class, () -> read(nobody, Topics.RAW));
  }

  @Test
  void theGatewayWritesFramesButNotValidReadings() throws Exception {
    Properties gateway = config.kafkaClient(KafkaUser.GATEWAY);
    send(gateway, Topics.RAW, "a frame");

    assertRefused(TopicAuthorizationException.class, () -> send(gateway, Topics.VALID, "a forged reading"));
    assertRefused(TopicAuthorizationException.class, () -> read(gateway, Topics.RAW));
  }

  @Test
  void aJobWritesItsOwnOutputButNotAnotherJobs() throws Exception {
    sendInTransaction(config.kafkaClient(KafkaUser.INGEST), ingest.transactionalIdPrefix() + "-valid-0-1",
        ingest.validTopic(), "a valid reading");
    Properties encryptJob = config.kafkaClient(KafkaUser.ENCRYPT);

    // as itself, onto the ingest job's output
    assertRefused(TopicAuthorizationException.class, () -> send(encryptJob, ingest.validTopic(), "a forged reading"));
    // as the ingest job, in its transactions (which would also fence the ingest job's own producer)
    assertRefused(TransactionalIdAuthorizationException.class, () -> sendInTransaction(encryptJob,
        ingest.transactionalIdPrefix() + "-valid-0-1", encrypt.manifestsTopic(), "a manifest"));
  }

  @Test
  void twoJobsOfOneConfigHaveEachItsOwnTransactions() throws Exception {
    Properties contribution = config.kafkaClient(KafkaUser.TRAFFIC_CONTRIBUTION);
    sendInTransaction(contribution, traffic.contributionTransactionalIdPrefix() + "-0-1",
        traffic.contributionTopic(), "a contribution");

    assertRefused(TransactionalIdAuthorizationException.class, () -> sendInTransaction(contribution,
        traffic.aggregationTransactionalIdPrefix() + "-0-1", traffic.contributionTopic(), "a contribution"));
    assertRefused(TopicAuthorizationException.class, () -> send(contribution, traffic.encryptedTopic(), "a window"));
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    Properties impostor = config.kafkaClient(KafkaUser.GATEWAY);
    impostor.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"" + KafkaUser.GATEWAY.userName() + "\" password=\"not-the-password\";");

    assertRefused(SaslAuthenticationException.class, () -> send(impostor, Topics.RAW, "a frame"));
  }

  private interface Attempt {
    void run() throws Exception;
  }

  /** The attempt fails with {@code refusal}, directly or as the cause of a failed send. */
  private static void assertRefused(Class<? extends Exception> refusal, Attempt attempt) {
    Exception thrown = assertThrows(Exception.class, attempt::run);
    Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    assertInstanceOf(refusal, cause, () -> "refused with " + thrown);
  }

  private static void send(Properties client, String topic, String value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producer(client))) {
      producer.send(new ProducerRecord<>(topic, value.getBytes())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void sendInTransaction(Properties client, String transactionalId, String topic, String value) {
    Properties props = producer(client);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, value.getBytes()));
      producer.commitTransaction();
    }
  }

  private static Properties producer(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) UNAUTHENTICATED_WAIT.toMillis());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** What a reader of {@code topic} gets, from its start, once something comes. */
  private static List<byte[]> read(Properties client, String topic) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, UNAUTHENTICATED_WAIT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
    }
    assertFalse(values.isEmpty(), "the reader got no record from " + topic + " within " + TIMEOUT);
    return values;
  }
}
