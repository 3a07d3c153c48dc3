package io.cpchain.cli.demo;

import io.cpchain.cli.stack.TopicScan;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts what the ingest job commits to its valid and dead-letter topics from the moment it is
 * created, as a read_committed consumer downstream would see it.
 */
public final class OutputCounter implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String validTopic;
  private final AvroMessages<DeadLetter> deadLetters = AvroMessages.of(DeadLetter.class);
  private final AtomicLong validReadings = new AtomicLong();
  private final AtomicLong undecodableDeadLetters = new AtomicLong();
  private final Map<String, AtomicLong> deadLettersByReason = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  public OutputCounter(Properties client, String validTopic, String dlqTopic) {
    this.consumer = TopicScan.readCommittedConsumer(client);
    this.validTopic = validTopic;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(validTopic, dlqTopic)) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now, before anything new is produced
    this.poller = new Thread(this::poll, "output-counter");
    poller.setDaemon(true);
    poller.start();
  }

  public long validReadings() {
    return validReadings.get();
  }

  public long deadLetters() {
    return deadLettersByReason().values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> deadLettersByReason() {
    Map<String, Long> counts = new TreeMap<>();
    deadLettersByReason.forEach((reason, count) -> counts.put(reason, count.get()));
    return counts;
  }

  /** Dead letters that themselves did not decode: the pipeline wrote something it cannot read back. */
  public long undecodableDeadLetters() {
    return undecodableDeadLetters.get();
  }

  private void poll() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.topic().equals(validTopic)) {
          validReadings.incrementAndGet();
        } else {
          countDeadLetter(record.value());
        }
      }
    }
    consumer.close();
  }

  private void countDeadLetter(byte[] value) {
    try {
      String reason = deadLetters.decode(value).getReason().name();
      deadLettersByReason.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    } catch (IOException | RuntimeException e) {
      undecodableDeadLetters.incrementAndGet();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
  }
}
