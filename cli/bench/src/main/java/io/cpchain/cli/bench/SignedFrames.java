package io.cpchain.cli.bench;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.ingest.validation.DecodedFrame;
import io.cpchain.ingest.validation.FrameDecoder;
import io.cpchain.ingest.validation.FrameRejected;
import io.cpchain.ingest.validation.Provenance;
import io.cpchain.schemas.DeviceRegistration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Frames as the ingest job verifies them: decoded by the job's own {@link FrameDecoder}, so the
 * signed bytes are exactly those the job checks (same length, same content), with the key each
 * device registered.
 */
public final class SignedFrames {

  /** One frame's verification: {@code raw[0, signedLength)} under {@code key}. */
  public record SignedFrame(Ed25519PublicKey key, byte[] raw, int signedLength, byte[] signature) {
    public boolean verify() {
      return key.verify(raw, 0, signedLength, signature);
    }
  }

  private SignedFrames() {}

  /** The first {@code limit} frames on {@code rawTopic}, with their devices' registrations (as the chain holds them). */
  public static List<SignedFrame> read(Properties client, String rawTopic, int limit,
      List<DeviceRegistration> registrations) throws IOException, FrameRejected, CryptoFormatException {
    return of(values(first(client, rawTopic, limit)), registrations);
  }

  /** Frames as they are on the raw topic, with the registrations of every device among them. */
  public static List<SignedFrame> of(List<byte[]> rawFrames, List<DeviceRegistration> registrations)
      throws IOException, FrameRejected, CryptoFormatException {
    Map<String, Ed25519PublicKey> keys = new HashMap<>();
    for (DeviceRegistration registration : registrations) {
      keys.put(registration.getDeviceId(), Ed25519PublicKey.fromBytes(bytes(registration.getPublicKey())));
    }
    FrameDecoder decoder = new FrameDecoder();
    List<SignedFrame> frames = new ArrayList<>();
    for (int i = 0; i < rawFrames.size(); i++) {
      DecodedFrame decoded = decoder.decode(rawFrames.get(i), new Provenance("bench", 0, i));
      Ed25519PublicKey key = keys.get(decoded.deviceId());
      if (key == null) {
        throw new IllegalStateException("frame of unregistered device " + decoded.deviceId());
      }
      frames.add(new SignedFrame(key, decoded.raw(), decoded.signedLength(), bytes(decoded.frame().getSignature())));
    }
    return frames;
  }

  private static List<byte[]> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static List<ConsumerRecord<byte[], byte[]>> first(Properties client, String topic, int limit) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-signed-frames-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < limit && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (records.size() < limit) {
            records.add(record);
          }
        }
      }
    }
    if (records.isEmpty()) {
      throw new IllegalStateException("no records on " + topic);
    }
    return records;
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
