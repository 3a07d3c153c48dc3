package io.cpchain.jobs.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker for integration tests, with the few client calls they need.
 * {@link #secured()} makes one that takes SASL_PLAINTEXT clients only and authorises every request
 * by ACL (Kafka's StandardAuthorizer); its own client calls then run as the super user.
 */
public final class KafkaTestBroker implements AutoCloseable {

  /** The secured broker's super user, as the test kit's JAAS file names it. */
  public static final String ADMIN = JaasUtils.KAFKA_PLAIN_ADMIN;
  /** A user the secured broker knows and authorises only by the ACLs a test grants. */
  public static final String USER = JaasUtils.KAFKA_PLAIN_USER1;
  public static final String USER_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

  private final KafkaClusterTestKit cluster;
  private final Properties security;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaTestBroker() throws Exception {
    this(SecurityProtocol.PLAINTEXT);
  }

  public static KafkaTestBroker secured() throws Exception {
    return new KafkaTestBroker(SecurityProtocol.SASL_PLAINTEXT);
  }

  private KafkaTestBroker(SecurityProtocol protocol) throws Exception {
    cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
        .setBrokerSecurityProtocol(protocol).setControllerSecurityProtocol(protocol).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    security = protocol == SecurityProtocol.PLAINTEXT ? new Properties() : clientSecurity(ADMIN,
        JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
    Properties props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(props);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** The client security settings of {@code user} on the secured broker (SASL PLAIN over plaintext). */
  public static Properties clientSecurity(String user, String password) {
    Properties p = new Properties();
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", "PLAIN");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    return p;
  }

  /** Servers and the broker's own (super user's, if secured) security settings. */
  private Properties clientProperties() {
    Properties props = new Properties();
    props.putAll(security);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /**
   * Creates these ACLs as the super user and waits until the broker answers with all of them (the
   * controller commits them first, the broker's authorizer takes them from its metadata after).
   */
  public void allow(List<AclBinding> grants) throws Exception {
    try (Admin admin = Admin.create(clientProperties())) {
      admin.createAcls(grants).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(grants)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker does not hold the ACLs after 30 s: " + grants);
        }
        Thread.onSpinWait();
      }
    }
  }

  /** {@code operation} on {@code resource} for {@code user}, from any host. */
  public static AclBinding acl(String user, ResourceType type, String name, PatternType pattern,
      AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = Admin.create(clientProperties())) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  public void send(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value)).get(30, TimeUnit.SECONDS);
  }

  /** As a producer whose clock says {@code timestampMs}: the record's Kafka timestamp is the producer's to set. */
  public void send(String topic, String key, byte[] value, long timestampMs) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, timestampMs, key == null ? null : key.getBytes(), value))
        .get(30, TimeUnit.SECONDS);
  }

  /**
   * Reads a topic from the start as a read_committed consumer until {@code expected} records came,
   * then keeps reading for {@code quiet} more, so that records beyond the expected ones are seen too.
   */
  public List<byte[]> readCommitted(String topic, int expected, Duration timeout, Duration quiet) {
    return readCommitted(Map.of(topic, expected), timeout, quiet).get(topic);
  }

  /**
   * The same for several topics at once (a job's outputs): one quiet period, once every topic has
   * its expected count, instead of one per topic.
   */
  public Map<String, List<byte[]>> readCommitted(Map<String, Integer> expected, Duration timeout, Duration quiet) {
    Properties props = clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, List<byte[]>> values = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : expected.keySet()) {
        values.put(topic, new ArrayList<>());
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.get(record.topic()).add(record.value());
        }
        if (quietUntil == Long.MAX_VALUE
            && expected.entrySet().stream().allMatch(e -> values.get(e.getKey()).size() >= e.getValue())) {
          quietUntil = System.nanoTime() + quiet.toNanos();
        }
      }
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    producer.close();
    cluster.close();
  }
}
