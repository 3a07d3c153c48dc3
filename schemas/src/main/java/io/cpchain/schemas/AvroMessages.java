package io.cpchain.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one record type: a 2-byte marker, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the binary body. Decoding resolves the writer schema from
 * {@link SchemaHistory}, so no schema registry server is needed.
 *
 * <p>Instances hold reusable buffers: keep one per thread (for example one per Flink operator
 * instance), do not share.
 */
public final class AvroMessages<T extends SpecificRecord> {

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroMessages(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.storeFor(schema.getName()));
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
   * @throws IOException if the body does not decode under the writer schema
   */
  public T decode(byte[] message) throws IOException {
    return decoder.decode(message);
  }
}
