package io.cpchain.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Decoding input from outside: a length on the wire (an array's item count, a string's or bytes'
 * size) is a claim, and a claim larger than the message cannot be true. Avro 1.11 allocates what
 * it claims before reading it, so a few bytes could ask for gigabytes.
 */
class AvroMessagesTest {

  /** The largest item count Avro 1.11's own (JVM-wide, default) limit lets through: 8 GiB of references. */
  static final long HUGE = Integer.MAX_VALUE - 8;

  private final AvroMessages<TelemetryFrame> frames = AvroMessages.of(TelemetryFrame.class);

  @Test
  void aFrameClaimingBillionsOfReadingsIsRefusedWithoutAllocatingThem() {
    byte[] poison = message(TelemetryFrame.class, body -> {
      writeString(body, "v1");
      writeString(body, "");
      writeLong(body, 0); // seq
      writeLong(body, 0); // sentAtMs
      writeLong(body, HUGE); // readings: one block of that many items, none of them there
    });
    assertEquals(21, poison.length);

    IOException e = assertThrows(IOException.class, () -> frames.decode(poison));
    assertTrue(e.getMessage().contains("array of " + HUGE + " items in a message of 21 bytes"), e.getMessage());
  }

  @Test
  void aStringOrBytesLongerThanTheMessageIsRefused() {
    byte[] longString = message(TelemetryFrame.class, body -> writeLong(body, HUGE));
    IOException string = assertThrows(IOException.class, () -> frames.decode(longString));
    assertTrue(string.getMessage().contains("string of " + HUGE + " bytes in a message of 15 bytes"),
        string.getMessage());

    byte[] longSignature = message(TelemetryFrame.class, body -> {
      writeString(body, "v1");
      writeString(body, "");
      writeLong(body, 0);
      writeLong(body, 0);
      writeLong(body, 0); // no readings
      writeLong(body, HUGE); // signature
    });
    IOException bytes = assertThrows(IOException.class, () -> frames.decode(longSignature));
    assertTrue(bytes.getMessage().contains("bytes of " + HUGE + " bytes"), bytes.getMessage());
  }

  @Test
  void aMapOrNestedArrayClaimIsBoundedLikeAnyOther() {
    // IntervalManifest: chunks is an array of records that hold an array; the inner claim is the lie.
    AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);
    byte[] poison = message(IntervalManifest.class, body -> {
      writeString(body, "d");
      writeString(body, "o");
      for (int i = 0; i < 2; i++) {
        writeLong(body, 0); // interval start, end
      }
      writeLong(body, 0); // readingCount
      writeLong(body, 0); // merkle root (empty bytes)
      writeLong(body, 0); // plaintextBytes
      writeString(body, "");
      writeLong(body, 0); // capsule
      writeLong(body, 0); // keyEpoch
      writeLong(body, 0); // keyEpochLengthMs
      writeLong(body, 0); // cipherHeader
      writeLong(body, 1); // one chunk
      writeString(body, "");
      writeLong(body, 0);
      writeLong(body, HUGE); // its nodes
    });
    IOException e = assertThrows(IOException.class, () -> manifests.decode(poison));
    assertTrue(e.getMessage().contains("array of " + HUGE + " items"), e.getMessage());
  }

  @Test
  void anOlderWriterSchemaIsStillResolvedAndUnionsAndEnumsDecode() throws Exception {
    Schema v1 = SchemaHistory.versionsOf("IntervalManifest").get(0);
    GenericRecord chunk = new GenericData.Record(v1.getField("chunks").schema().getElementType());
    chunk.put("sha256", "ab");
    chunk.put("sizeBytes", 3);
    chunk.put("nodes", List.of("node-0", "node-1"));
    GenericRecord old = new GenericData.Record(v1);
    for (Schema.Field field : v1.getFields()) {
      Schema.Type type = field.schema().getType();
      old.put(field.name(), switch (type) {
        case STRING -> "s-" + field.name();
        case BYTES -> ByteBuffer.wrap(new byte[] {1, 2, 3});
        case LONG -> 7L;
        case INT -> 5;
        case ARRAY -> List.of(chunk);
        default -> throw new IllegalStateException("no value for " + type);
      });
    }
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    IntervalManifest decoded = AvroMessages.of(IntervalManifest.class).decode(written);
    assertEquals("s-deviceId", decoded.getDeviceId());
    assertEquals(0, decoded.getKeyEpochLengthMs(), "the v2 field takes its default");
    assertEquals(List.of("node-0", "node-1"), decoded.getChunks().get(0).getNodes());

    AvroMessages<DeadLetter> letters = AvroMessages.of(DeadLetter.class);
    for (String deviceId : java.util.Arrays.asList("veh-1", null)) {
      DeadLetter letter = DeadLetter.newBuilder().setOriginalBytes(ByteBuffer.wrap(new byte[] {9}))
          .setSourceTopic("t").setSourcePartition(1).setSourceOffset(2).setReason(RejectReason.FUTURE_EVENT)
          .setDetail("d").setDeviceId(deviceId).setRejectedAtMs(3).build();
      assertEquals(letter, letters.decode(letters.encode(letter)));
    }
  }

  @Test
  void genuineRecordsOfEverySizeStillDecode() throws Exception {
    for (int count : List.of(1, 100, 1_000)) {
      Reading[] readings = new Reading[count];
      for (int i = 0; i < count; i++) {
        readings[i] = Reading.newBuilder().setEventTimeMs(1_000L + i).setLatitude(1).setLongitude(2).setSpeedKmh(3)
            .setHeadingDeg(4).setRoadSegmentId(5).setOdometerKm(6).setLongitudinalAccelMs2(0)
            .setHarshBraking(false).setHarshAcceleration(false).setEnergyLevelPct(50).build();
      }
      byte[] signature = new byte[64];
      Arrays.fill(signature, (byte) 7);
      TelemetryFrame frame = TelemetryFrame.newBuilder().setDeviceId("veh-" + count).setKeyId("00ff00ff00ff00ff")
          .setSeq(count).setSentAtMs(2_000).setReadings(Arrays.asList(readings))
          .setSignature(ByteBuffer.wrap(signature)).build();
      assertEquals(frame, frames.decode(frames.encode(frame)));
    }
  }

  /**
   * One instance is shared by every request thread of a proxy (its manifest verifier): a decode
   * or an encode must never see another thread's bytes. 4 threads each encode and decode their own
   * frame 2,000 times.
   */
  @Test
  void oneInstanceDecodesCorrectlyFromManyThreadsAtOnce() throws Exception {
    int threads = 4;
    List<TelemetryFrame> originals = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      TelemetryFrame frame = TelemetryFrame.newBuilder().setDeviceId("veh-thread-" + t).setKeyId("k" + t)
          .setSeq(t).setSentAtMs(t).setReadings(List.of()).setSignature(ByteBuffer.wrap(new byte[t + 1])).build();
      originals.add(frame);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int mine = t;
        wrong.add(pool.submit(() -> {
          start.await();
          int mismatches = 0;
          for (int i = 0; i < 2_000; i++) {
            try {
              if (!frames.decode(frames.encode(originals.get(mine))).equals(originals.get(mine))) {
                mismatches++;
              }
            } catch (IOException | RuntimeException e) {
              mismatches++;
            }
          }
          return mismatches;
        }));
      }
      start.countDown();
      for (Future<Integer> mismatches : wrong) {
        assertEquals(0, mismatches.get(), "decodes that failed or gave another thread's record");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A single-object message of {@code type}'s current schema with a hand-written body. */
  static byte[] message(Class<? extends org.apache.avro.specific.SpecificRecord> type, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(type));
    body.write(out);
    return out.toByteArray();
  }

  @FunctionalInterface
  interface Body {
    void write(ByteArrayOutputStream out);
  }

  private static byte[] header(Class<? extends org.apache.avro.specific.SpecificRecord> type) {
    if (type == TelemetryFrame.class) {
      return Arrays.copyOf(AvroMessages.of(TelemetryFrame.class).encode(TelemetryFrame.newBuilder()
          .setDeviceId("").setKeyId("").setSeq(0).setSentAtMs(0).setReadings(List.of())
          .setSignature(ByteBuffer.allocate(0)).build()), 10);
    }
    return Arrays.copyOf(AvroMessages.of(IntervalManifest.class).encode(IntervalManifest.newBuilder()
        .setDeviceId("").setOwnerId("").setIntervalStartMs(0).setIntervalEndMs(0).setReadingCount(0)
        .setReadingsMerkleRoot(ByteBuffer.allocate(0)).setPlaintextBytes(0).setCipherSuite("")
        .setCapsule(ByteBuffer.allocate(0)).setCipherHeader(ByteBuffer.allocate(0)).setChunks(List.of())
        .setSignerAddress("").setSignature(ByteBuffer.allocate(0)).build()), 10);
  }

  static void writeString(ByteArrayOutputStream out, String s) {
    encoding(out, encoder -> encoder.writeString(s));
  }

  /** A long as Avro writes it (zig-zag varint), also every length and block count. */
  static void writeLong(ByteArrayOutputStream out, long value) {
    encoding(out, encoder -> encoder.writeLong(value));
  }

  private interface Write {
    void to(BinaryEncoder encoder) throws IOException;
  }

  private static void encoding(ByteArrayOutputStream out, Write write) {
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      write.to(encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
