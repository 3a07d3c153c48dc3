package io.cpchain.cli.stack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a job is behind a topic: the committed records between its consumer group's committed
 * offsets (which a Flink job moves with each completed checkpoint) and the end. Counted by reading
 * them, not by subtracting offsets: a transactional topic ends with commit markers, which no
 * consumer commits past, so offsets alone never reach zero.
 */
public final class ConsumerLag {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ConsumerLag() {}

  /** Records on {@code topic} that {@code groupId} has not committed yet (all of them before its first commit). */
  public static long pendingRecords(Properties client, String groupId, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try (Admin admin = Admin.create(client)) {
      committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    Map<TopicPartition, Long> from = new HashMap<>();
    committed.forEach((partition, offset) -> {
      if (offset != null && partition.topic().equals(topic)) {
        from.put(partition, offset.offset());
      }
    });
    long[] pending = {0};
    TopicScan.scanFrom(client, topic, from, record -> pending[0]++);
    return pending[0];
  }
}
