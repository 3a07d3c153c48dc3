package io.cpchain.consensus.api;

/**
 * A registered OTP resource version: what its owner signed ({@link Payload.RegisterResource}) and the
 * block it is final in ({@code height}, of time {@code registeredAtMs}), by transaction
 * {@code txHash}. Immutable; a new version is a new record.
 */
public record ResourceRecord(Payload.RegisterResource terms, long height, long registeredAtMs, Hash txHash) {

  /** Its canonical encoding, a leaf of the state root. */
  public byte[] leaf() {
    Encoder out = new Encoder().u8('r');
    terms.write(out);
    return out.i64(height).i64(registeredAtMs).hash(txHash).toBytes();
  }
}
