package io.cpchain.he.source;

import io.cpchain.jobs.source.NotAheadOfClock;
import io.cpchain.jobs.source.RecordDecoder;
import io.cpchain.jobs.source.RecordDeserializer;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** How the he-analytics jobs read a topic their upstream writes transactionally. */
public final class KafkaSources {

  private KafkaSources() {}

  /**
   * Committed records only ({@code read_committed}), from the group's committed offsets (earliest
   * the first time), with event time from {@code eventTime}; watermarks per partition with bounded
   * out-of-orderness and idleness, never ahead of the clock ({@link NotAheadOfClock}: anyone who can
   * write the topic chooses the timestamps). A record over {@code maxRecordBytes} is refused before it
   * is decoded; one that does not decode is logged with its offset and skipped (counted) rather than
   * failing the job over and over on the same record.
   */
  public static <T extends SpecificRecord> DataStream<T> read(StreamExecutionEnvironment env, Class<T> type,
      String bootstrapServers, Properties client, String topic, String groupId, int maxRecordBytes,
      SerializableTimestampAssigner<T> eventTime, Duration outOfOrderness, Duration idleness, String uid) {
    KafkaSource<T> source = KafkaSource.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setProperties(client)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(RecordDeserializer.skipping(RecordDecoder.avroValue(type), type).limitedTo(maxRecordBytes))
        .setProperty("isolation.level", "read_committed")
        .setProperty("max.partition.fetch.bytes", Integer.toString(8 << 20))
        .build();
    return env.fromSource(source, NotAheadOfClock.strategy(outOfOrderness, eventTime, idleness), topic).uid(uid);
  }
}
