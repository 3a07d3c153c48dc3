package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.security.GeneralSecurityException;

/**
 * A signed transaction. Wire format (version 1): {@code 0x01 | chainId i64 | nonce i64 | type u8 |
 * payload | signature 65 bytes}; the signature is the sender's secp256k1 signature of Keccak-256 of
 * everything before it, and the sender is the address recovered from it. The hash is Keccak-256
 * of the whole encoding. Immutable; the sender and hash are computed once.
 */
public final class Transaction {

  public static final int VERSION = 1;

  private final long chainId;
  private final long nonce;
  private final Payload payload;
  private final RecoverableSignature signature;
  private final byte[] encoded;
  private final Hash hash;
  private final Address sender;

  /** {@code signer}: the sender when this node just signed it, else null (found in {@code senders}, or recovered). */
  private Transaction(long chainId, long nonce, Payload payload, RecoverableSignature signature, byte[] body,
      Address signer, SenderCache senders) throws CodecException {
    this.chainId = chainId;
    this.nonce = nonce;
    this.payload = payload;
    this.signature = signature;
    this.encoded = new Encoder().raw(body).signature(signature).toBytes();
    this.hash = Hash.keccak(encoded);
    Address known = signer != null ? signer : senders.get(hash);
    if (known != null) {
      this.sender = known;
      return;
    }
    try {
      this.sender = signature.recover(body).address();
    } catch (GeneralSecurityException e) {
      throw new CodecException("signature recovers no key");
    }
    senders.put(hash, sender);
  }

  public static Transaction sign(AccountPrivateKey key, long chainId, long nonce, Payload payload) {
    byte[] body = body(chainId, nonce, payload);
    try { // the signer is known: no recovery, and nothing cached, so a node that decodes it still checks
      return new Transaction(chainId, nonce, payload, key.sign(body), body, key.publicKey().address(),
          SenderCache.NONE);
    } catch (CodecException e) {
      throw new IllegalStateException("a fresh signature must recover", e);
    }
  }

  /** Parses and checks a transaction: well-formed, known type, stateless rules, signature recovers. */
  public static Transaction decode(byte[] bytes) throws CodecException {
    return decode(bytes, SenderCache.NONE);
  }

  /** As {@link #decode(byte[])}, the sender looked up in and left in {@code senders}. */
  public static Transaction decode(byte[] bytes, SenderCache senders) throws CodecException {
    Decoder in = new Decoder(bytes, senders);
    Transaction tx = read(in);
    in.end();
    return tx;
  }

  static Transaction read(Decoder in) throws CodecException {
    int version = in.u8();
    if (version != VERSION) {
      throw new CodecException("unknown transaction version " + version);
    }
    long chainId = in.i64();
    long nonce = in.i64();
    if (nonce < 0) {
      throw new CodecException("nonce must not be negative");
    }
    Payload payload = Payload.read(in.u8(), in);
    payload.check();
    RecoverableSignature signature = in.signature();
    return new Transaction(chainId, nonce, payload, signature, body(chainId, nonce, payload), null, in.senders());
  }

  private static byte[] body(long chainId, long nonce, Payload payload) {
    Encoder out = new Encoder().u8(VERSION).i64(chainId).i64(nonce).u8(payload.tag());
    payload.write(out);
    return out.toBytes();
  }

  public long chainId() {
    return chainId;
  }

  public long nonce() {
    return nonce;
  }

  public Payload payload() {
    return payload;
  }

  public Address sender() {
    return sender;
  }

  public Hash hash() {
    return hash;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  /** Bytes of the encoding. */
  public int size() {
    return encoded.length;
  }

  void write(Encoder out) {
    out.raw(encoded);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Transaction tx && hash.equals(tx.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Tx(" + hash + " " + sender + "#" + nonce + " " + payload.getClass().getSimpleName() + ")";
  }
}
