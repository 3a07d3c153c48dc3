package io.cpchain.cli.bench;

import io.cpchain.cli.simulate.Producers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline for the ingest job: the same bytes consumed and produced again with plain Kafka
 * clients, no decoding, no checks, no Flink; one consumer-producer pair per task, as many tasks as
 * the job has.
 */
final class Passthrough {

  private Passthrough() {}

  /**
   * Copies {@code expected} records from {@code from} to {@code to}; returns records per second as
   * the job's rate is taken ({@link OutputRate}: first output to last, start-up left out).
   */
  static double run(Properties client, String from, String to, long expected, int tasks, Duration timeout)
      throws InterruptedException {
    AtomicLong copied = new AtomicLong();
    String group = "bench-passthrough-" + System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int t = 0; t < tasks; t++) {
      Thread thread = new Thread(() -> copy(client, group, from, to, expected, copied, deadline));
      thread.start();
      threads.add(thread);
    }
    try {
      return OutputRate.perSecond(copied::get, expected, timeout, "the passthrough");
    } finally {
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  private static void copy(Properties client, String group, String from, String to, long expected, AtomicLong copied,
      long deadline) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        Producer<byte[], byte[]> producer = Producers.gateway(client)) {
      consumer.subscribe(List.of(from));
      while (copied.get() < expected && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          producer.send(new ProducerRecord<>(to, record.key(), record.value()));
        }
        producer.flush(); // acknowledged, so visible downstream: counted as the job's committed output is
        copied.addAndGet(records.count());
      }
    }
  }
}
