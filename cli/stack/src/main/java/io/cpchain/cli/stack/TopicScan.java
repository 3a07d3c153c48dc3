package io.cpchain.cli.stack;

import io.cpchain.schemas.AvroMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic once from its start to what is committed now, as a read_committed consumer sees it.
 * {@code client}: the brokers and a user's security settings ({@link StackConfig#kafkaClient}).
 */
public final class TopicScan {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TopicScan() {}

  /** A consumer of raw bytes that sees only committed records and commits no offsets: a reader, not a group member. */
  public static KafkaConsumer<byte[], byte[]> readCommittedConsumer(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }

  /** Every record value on {@code topic}, committed so far, in each partition's order. */
  public static List<byte[]> values(Properties client, String topic) {
    List<byte[]> values = new ArrayList<>();
    scan(client, topic, record -> values.add(record.value()));
    return values;
  }

  /** Every record on {@code topic}, committed so far, decoded as {@code type}: one that does not decode is an error. */
  public static <T extends SpecificRecord> List<T> records(Properties client, String topic, Class<T> type) {
    return records(client, topic, type, Function.identity());
  }

  /**
   * As {@link #records}, keeping only what {@code keep} takes from each record: a topic of large records
   * (ciphertexts) is read in the memory of what is kept, not of the whole topic.
   */
  public static <T extends SpecificRecord, R> List<R> records(Properties client, String topic, Class<T> type,
      Function<T, R> keep) {
    AvroMessages<T> messages = AvroMessages.of(type);
    List<R> kept = new ArrayList<>();
    scan(client, topic, record -> {
      try {
        kept.add(keep.apply(messages.decode(record.value())));
      } catch (IOException e) {
        throw new UncheckedIOException("a record on " + topic + " does not decode", e);
      }
    });
    return kept;
  }

  public static void scan(Properties client, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    scanFrom(client, topic, Map.of(), each);
  }

  /** As {@link #scan}, each partition from its offset in {@code from} (from its start where absent). */
  public static void scanFrom(Properties client, String topic, Map<TopicPartition, Long> from,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = readCommittedConsumer(client)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        if (from.containsKey(partition)) {
          consumer.seek(partition, from.get(partition));
        } else {
          consumer.seekToBeginning(List.of(partition));
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT); // read_committed: the stable end
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " took longer than " + TIMEOUT.toSeconds() + " s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
