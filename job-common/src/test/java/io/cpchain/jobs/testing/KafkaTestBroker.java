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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka broker for integration tests, with the few client calls they need. */
public final class KafkaTestBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaTestBroker() throws Exception {
    cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(props);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
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
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
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
