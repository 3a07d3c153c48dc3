package io.cpchain.encrypt.interval;

import io.cpchain.crypto.merkle.MerkleTree;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ValidReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * An interval's plaintext: its readings in event-time order in an Avro container file (deflate), and
 * the RFC 6962 Merkle tree over each reading's single-object encoding, so that one reading can later
 * be proven part of the interval without revealing the others.
 */
public final class ReadingsCodec {

  /** Event time, then the frame and the position in it: a total order for a device's readings. */
  public static final Comparator<ValidReading> EVENT_TIME_ORDER = Comparator
      .comparingLong((ValidReading r) -> r.getReading().getEventTimeMs())
      .thenComparingLong(ValidReading::getFrameSeq)
      .thenComparingInt(ValidReading::getIndexInFrame);

  private static final int SYNC_SIZE = 16;

  private ReadingsCodec() {}

  public static List<ValidReading> inEventTimeOrder(List<ValidReading> readings) {
    List<ValidReading> sorted = new ArrayList<>(readings);
    sorted.sort(EVENT_TIME_ORDER);
    return sorted;
  }

  /**
   * The container's sync marker is derived from the readings instead of drawn at random, so the same
   * readings always give the same bytes: a replayed interval encrypts the same plaintext.
   */
  public static byte[] container(List<ValidReading> sortedReadings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<ValidReading> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ValidReading.class))) {
      writer.setCodec(CodecFactory.deflateCodec(6));
      writer.create(ValidReading.getClassSchema(), out, syncMarker(sortedReadings));
      for (ValidReading reading : sortedReadings) {
        writer.append(reading);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the interval's container", e);
    }
    return out.toByteArray();
  }

  private static byte[] syncMarker(List<ValidReading> sortedReadings) {
    byte[] root = merkleTree(sortedReadings).root();
    return java.util.Arrays.copyOf(root, SYNC_SIZE);
  }

  public static List<ValidReading> readContainer(byte[] container) throws IOException {
    List<ValidReading> readings = new ArrayList<>();
    try (DataFileReader<ValidReading> reader = new DataFileReader<>(new SeekableByteArrayInput(container),
        new SpecificDatumReader<>(ValidReading.class))) {
      reader.forEach(readings::add);
    }
    return readings;
  }

  public static MerkleTree merkleTree(List<ValidReading> sortedReadings) {
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    return MerkleTree.of(sortedReadings.stream().map(messages::encode).toList());
  }
}
