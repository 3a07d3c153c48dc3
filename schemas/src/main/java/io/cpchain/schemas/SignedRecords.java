package io.cpchain.schemas;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where the signed bytes of a signed record ({@link TelemetryFrame}, {@link IntervalManifest}) are.
 *
 * <p>The signature covers the record's single-object encoding up to, not including, its
 * {@code signature} field: the marker, the writer schema's fingerprint (so a signature binds the
 * schema version) and the Avro binary encoding of every other field, which is the canonical
 * encoding of the unsigned record. Because {@code signature} is the last field of every version,
 * a verifier takes those bytes exactly as the signer wrote them, without re-encoding.
 */
public final class SignedRecords {

  static final String SIGNATURE_FIELD = "signature";

  private SignedRecords() {}

  /** The bytes a signer signs: the record's encoding with an empty signature, minus that field. */
  public static <T extends SpecificRecord> byte[] messageToSign(T record, AvroMessages<T> messages) {
    Schema schema = record.getSchema();
    T copy = SpecificData.getForSchema(schema).deepCopy(schema, record);
    copy.put(signaturePosition(schema), ByteBuffer.allocate(0));
    byte[] encoded = messages.encode(copy);
    return Arrays.copyOf(encoded, encoded.length - signatureFieldLength(0));
  }

  /** Length of the signed prefix of {@code message}, whose signature field holds {@code signature}. */
  public static int signedLength(byte[] message, ByteBuffer signature) {
    int signedLength = message.length - signatureFieldLength(signature.remaining());
    if (signedLength <= 0) {
      throw new IllegalArgumentException("record shorter than its signature field");
    }
    return signedLength;
  }

  /** Avro encodes bytes as a zig-zag varint length followed by the bytes. */
  static int signatureFieldLength(int signatureLength) {
    long zigZag = ((long) signatureLength << 1) ^ ((long) signatureLength >> 63);
    int varintBytes = 1;
    while ((zigZag >>>= 7) != 0) {
      varintBytes++;
    }
    return varintBytes + signatureLength;
  }

  private static int signaturePosition(Schema schema) {
    Schema.Field field = schema.getField(SIGNATURE_FIELD);
    if (field == null || field.pos() != schema.getFields().size() - 1) {
      throw new IllegalArgumentException(schema.getName() + " has no signature as its last field");
    }
    return field.pos();
  }
}
