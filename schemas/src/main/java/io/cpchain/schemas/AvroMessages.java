package io.cpchain.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one record type: a 2-byte marker, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the binary body. Decoding resolves the writer schema from
 * {@link SchemaHistory}, so no schema registry server is needed.
 *
 * <p>Decoding is safe on bytes from anyone: no length on the wire can make it allocate more than the
 * message's own length ({@link LengthBoundedDecoder}), so a short record cannot claim gigabytes.
 * Bounding the message's size is each reader's part (a maximum record size per topic).
 *
 * <p>Instances are thread-safe: a proxy's request threads share one. Avro's datum readers resolve
 * per thread, and each decode reads the message through a decoder of its own.
 */
public final class AvroMessages<T extends SpecificRecord> {

  /** The single-object marker (0xC3 0x01), then the writer schema's 8-byte fingerprint, little-endian. */
  private static final int HEADER_LENGTH = 10;

  private final SpecificData model;
  private final Schema schema;
  private final SchemaStore writerSchemas;
  private final BinaryMessageEncoder<T> encoder;
  /** Readers by writer fingerprint, each resolving that writer schema to the current one. */
  private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroMessages(Class<T> type) {
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writerSchemas = SchemaHistory.storeFor(schema.getName());
    this.encoder = new BinaryMessageEncoder<>(model, schema);
  }

  public static <T extends SpecificRecord> AvroMessages<T> of(Class<T> type) {
    return new AvroMessages<>(type);
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record.getSchema().getName(), e);
    }
  }

  /**
   * Decodes one message.
   *
   * @throws org.apache.avro.message.BadHeaderException if the bytes are not single-object encoded
   * @throws org.apache.avro.message.MissingSchemaException if the writer schema is unknown
   * @throws IOException if the body does not decode under the writer schema, or claims a length longer
   *     than the message
   */
  public T decode(byte[] message) throws IOException {
    if (message.length < HEADER_LENGTH) {
      throw new BadHeaderException("Not enough header bytes");
    }
    if (message[0] != (byte) 0xC3 || message[1] != (byte) 0x01) {
      throw new BadHeaderException(String.format("Unrecognized header bytes: 0x%02X 0x%02X", message[0], message[1]));
    }
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    DatumReader<T> reader = readers.computeIfAbsent(fingerprint,
        f -> new SpecificDatumReader<>(writerSchema(f), schema, model));
    BinaryDecoder body = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH,
        null);
    return reader.read(null, new LengthBoundedDecoder(body, message.length));
  }

  private Schema writerSchema(long fingerprint) {
    Schema writer = writerSchemas.findByFingerprint(fingerprint);
    if (writer != null) {
      return writer;
    }
    if (fingerprint == SchemaNormalization.parsingFingerprint64(schema)) {
      return schema; // the current schema, before its version is added to the history
    }
    throw new MissingSchemaException("Cannot resolve schema for fingerprint: " + fingerprint);
  }
}
