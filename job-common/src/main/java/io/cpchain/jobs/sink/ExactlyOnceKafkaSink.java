package io.cpchain.jobs.sink;

import io.cpchain.jobs.config.KafkaClientConfig;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * A transactional Kafka sink: records become visible to read_committed consumers when the
 * checkpoint that covers them completes, so a restart from a checkpoint neither loses nor repeats.
 */
public final class ExactlyOnceKafkaSink {

  /**
   * Must stay below the broker's transaction.max.timeout.ms (15 min by default) and well above the
   * checkpoint interval, or a slow checkpoint aborts its transaction.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private ExactlyOnceKafkaSink() {}

  /** {@code client}: the job's Kafka security settings ({@link KafkaClientConfig#properties()}). */
  public static <T> KafkaSink<T> create(String bootstrapServers, Properties client, String transactionalIdPrefix,
      KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setKafkaProducerConfig(client)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()))
        // Many small records (one per reading): batch and compress them rather than send each.
        .setProperty("linger.ms", "20")
        .setProperty("batch.size", Integer.toString(256 * 1024))
        .setProperty("compression.type", "lz4")
        .build();
  }
}
