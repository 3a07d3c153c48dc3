package io.cpchain.cli.simulate;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.schemas.TelemetryFrame;
import java.nio.ByteBuffer;

/** What a vehicle gateway does to a batch of readings: sign it and encode it for Kafka. */
final class FrameSigner {

  private final AvroMessages<TelemetryFrame> messages = AvroMessages.of(TelemetryFrame.class);

  /** The frame with its Ed25519 signature over the signed prefix of its encoding. */
  TelemetryFrame sign(TelemetryFrame unsigned, Ed25519PrivateKey key) {
    byte[] signature = key.sign(SignedRecords.messageToSign(unsigned, messages));
    return TelemetryFrame.newBuilder(unsigned).setSignature(ByteBuffer.wrap(signature)).build();
  }

  byte[] encode(TelemetryFrame frame) {
    return messages.encode(frame);
  }
}
