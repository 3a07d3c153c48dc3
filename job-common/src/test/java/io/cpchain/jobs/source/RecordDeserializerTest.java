package io.cpchain.jobs.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordDeserializerTest {

  private static final DeviceRegistration REGISTRATION = DeviceRegistration.newBuilder()
      .setDeviceId("dev-1").setOwnerId("owner-1").setKeyId("00ff00ff00ff00ff")
      .setPublicKey(ByteBuffer.wrap(new byte[32])).setValidFromMs(1_000).build();
  private static final byte[] GOOD = AvroMessages.of(DeviceRegistration.class).encode(REGISTRATION);
  private static final byte[] GARBAGE = {1, 2, 3};

  /** The metric group a source gives its deserializer, keeping what is registered so the test can read it. */
  private static final class Metrics extends UnregisteredMetricsGroup {
    final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> new SimpleCounter());
    }
  }

  private final Metrics metrics = new Metrics();

  @Test
  void deadLetteringPassesGoodRecordsAndTurnsBadOnesIntoDeadLettersWithWhereAndWhy() throws Exception {
    List<Decoded<DeviceRegistration>> out = run(
        RecordDeserializer.deadLettering(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class),
        record(5, GOOD), record(6, GARBAGE), record(7, null));

    assertEquals(3, out.size());
    assertTrue(out.get(0).ok());
    assertEquals(REGISTRATION, out.get(0).value());
    var garbage = out.get(1).deadLetter();
    assertNull(out.get(1).value());
    assertEquals(RejectReason.UNDECODABLE, garbage.getReason());
    assertEquals("devices.registrations", garbage.getSourceTopic());
    assertEquals(2, garbage.getSourcePartition());
    assertEquals(6, garbage.getSourceOffset());
    assertArrayEquals(GARBAGE, Bytes.of(garbage.getOriginalBytes()));
    assertTrue(garbage.getDetail().startsWith("not a DeviceRegistration: "), garbage.getDetail());
    assertNull(garbage.getDeviceId());
    var empty = out.get(2).deadLetter();
    assertEquals(7, empty.getSourceOffset());
    assertEquals(0, Bytes.of(empty.getOriginalBytes()).length);
  }

  @Test
  void skippingDropsBadRecordsAndCountsThem() throws Exception {
    List<DeviceRegistration> out = run(
        RecordDeserializer.skipping(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class),
        record(1, GARBAGE), record(2, GOOD), record(3, null), record(4, GARBAGE));

    assertEquals(List.of(REGISTRATION), out);
    assertEquals(3, metrics.counters.get(RecordDeserializer.SKIPPED_METRIC).getCount());
  }

  @Test
  void tombstonesCanBeIgnoredWithoutCountingAsBad() throws Exception {
    List<DeviceRegistration> out = run(
        RecordDeserializer.skipping(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class)
            .ignoringTombstones(),
        record(1, null), record(2, GOOD), record(3, GARBAGE));

    assertEquals(List.of(REGISTRATION), out);
    assertEquals(1, metrics.counters.get(RecordDeserializer.SKIPPED_METRIC).getCount());
  }

  @Test
  void failingStopsAtTheBadRecordAndNamesIt() throws Exception {
    RecordDeserializer<DeviceRegistration, DeviceRegistration> deserializer = InstantiationUtil.clone(
        RecordDeserializer.failing(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class));
    deserializer.open(context());
    List<DeviceRegistration> out = new ArrayList<>();
    deserializer.deserialize(record(1, GOOD), new ListCollector<>(out));

    IOException e = assertThrows(IOException.class,
        () -> deserializer.deserialize(record(2, GARBAGE), new ListCollector<>(out)));
    assertEquals("undecodable DeviceRegistration at devices.registrations-2@2", e.getMessage());
    assertEquals(List.of(REGISTRATION), out);
  }

  @Test
  void aMappingSeesTheRecordAndItsFailuresAreBadRecordsToo() throws Exception {
    RecordDecoder<String> deviceAndOffset = RecordDecoder.avroValue(DeviceRegistration.class)
        .then((record, registration) -> {
          if (registration.getValidFromMs() < 0) {
            throw new IllegalArgumentException("valid from before 1970");
          }
          return registration.getDeviceId() + "@" + record.offset();
        });
    byte[] negative = AvroMessages.of(DeviceRegistration.class).encode(
        DeviceRegistration.newBuilder(REGISTRATION).setValidFromMs(-1).build());

    List<String> out = run(RecordDeserializer.skipping(deviceAndOffset, String.class),
        record(8, GOOD), record(9, negative));

    assertEquals(List.of("dev-1@8"), out);
    assertEquals(1, metrics.counters.get(RecordDeserializer.SKIPPED_METRIC).getCount());
  }

  @Test
  void aRecordClaimingGigabytesIsADeadLetterNotAnOutOfMemoryError() throws Exception {
    // 10 header bytes, then a device id claiming 2^31 - 9 bytes: Avro 1.11 would allocate them first.
    byte[] poison = Arrays.copyOf(GOOD, 15);
    System.arraycopy(new byte[] {(byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, 0, poison, 10, 5);
    List<Decoded<DeviceRegistration>> out = run(
        RecordDeserializer.deadLettering(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class),
        record(1, poison), record(2, GOOD));

    assertEquals(RejectReason.UNDECODABLE, out.get(0).deadLetter().getReason());
    assertEquals("not a DeviceRegistration: string of 2147483639 bytes in a message of 15 bytes",
        out.get(0).deadLetter().getDetail());
    assertEquals(REGISTRATION, out.get(1).value());
  }

  @Test
  void aRecordOverTheTopicsLimitIsRefusedBeforeDecodingAndKeptOnlyUpToTheLimit() throws Exception {
    byte[] large = Arrays.copyOf(GOOD, 100); // a registration, then padding
    List<Decoded<DeviceRegistration>> out = run(
        RecordDeserializer.deadLettering(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class)
            .limitedTo(GOOD.length),
        record(1, GOOD), record(2, large));

    assertEquals(REGISTRATION, out.get(0).value());
    DeadLetter letter = out.get(1).deadLetter();
    assertEquals(RejectReason.TOO_LARGE, letter.getReason());
    assertEquals("DeviceRegistration of 100 bytes, over the limit of " + GOOD.length + " bytes of devices.registrations",
        letter.getDetail());
    assertArrayEquals(GOOD, Bytes.of(letter.getOriginalBytes()), "the first bytes, up to the limit");

    List<DeviceRegistration> skipped = run(
        RecordDeserializer.skipping(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class)
            .limitedTo(GOOD.length).ignoringTombstones(),
        record(3, large), record(4, GOOD), record(5, null));
    assertEquals(List.of(REGISTRATION), skipped);
    assertEquals(1, metrics.counters.get(RecordDeserializer.SKIPPED_METRIC).getCount());
  }

  @Test
  void decodedHasItsOwnSerializerWithNoKryo() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeSerializer<Decoded<DeviceRegistration>> serializer =
        Decoded.typeOf(DeviceRegistration.class).createSerializer(config);
    List<Decoded<DeviceRegistration>> decoded = run(
        RecordDeserializer.deadLettering(RecordDecoder.avroValue(DeviceRegistration.class), DeviceRegistration.class),
        record(1, GOOD), record(2, GARBAGE));

    for (Decoded<DeviceRegistration> element : decoded) {
      DataOutputSerializer bytes = new DataOutputSerializer(256);
      serializer.serialize(element, bytes);
      assertEquals(element, serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer())));
      assertEquals(element, serializer.copy(element));
    }
  }

  /** Each record through a copy of the deserializer as a task gets it: serialized, then opened. */
  @SafeVarargs
  private <T> List<T> run(RecordDeserializer<?, T> deserializer, ConsumerRecord<byte[], byte[]>... records)
      throws Exception {
    RecordDeserializer<?, T> onTask = InstantiationUtil.clone(deserializer);
    onTask.open(context());
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      onTask.deserialize(record, new ListCollector<>(out));
    }
    return out;
  }

  private DeserializationSchema.InitializationContext context() {
    return new DeserializationSchema.InitializationContext() {
      @Override
      public Metrics getMetricGroup() {
        return metrics;
      }

      @Override
      public org.apache.flink.util.UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
      }
    };
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
    return new ConsumerRecord<>("devices.registrations", 2, offset, "dev-1".getBytes(), value);
  }
}
