package io.cpchain.consensus.api;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import java.util.Optional;

/**
 * The public terms a read grant's kfrags were made under; a {@link Payload.Grant} carries only their
 * Keccak-256 ({@link #commitment()}), the owner hands the terms to each proxy with its kfrags and to
 * the grantee. With them anyone can check a proxy's kfrag (its hash is listed) and a cfrag (the
 * delegating key of its epoch is listed), so a proxy that returns a bad cfrag can be proven at fault.
 * Nothing here is secret: public keys and hashes.
 *
 * <p>Wire format (version 1): {@code 0x01 | dataset | owner 33 | grantee 33 | verifying 33 |
 * epochLengthMs i64 | threshold i32 | proxies (count, 20 bytes each) | epochs (count, each: epoch i64
 * | delegating 33 | kfrag hashes (count, 32 bytes each, one per proxy in order))}.
 *
 * @param owner the owner's root Umbral public key
 * @param grantee the grantee's Umbral public key, the one cfrags are made for
 * @param verifying the key that signed the kfrags
 */
public record SharingTerms(String dataset, UmbralPublicKey owner, UmbralPublicKey grantee, UmbralPublicKey verifying,
    long epochLengthMs, int threshold, List<Address> proxies, List<EpochKfrags> epochs) {

  static final int VERSION = 1;
  private static final int KEY_SIZE = 33;

  /** The kfrags of one key epoch: its delegating public key and the hash of each proxy's kfrag. */
  public record EpochKfrags(long epoch, UmbralPublicKey delegating, List<Hash> kfragHashes) {
    public EpochKfrags {
      kfragHashes = List.copyOf(kfragHashes);
    }
  }

  public SharingTerms {
    proxies = List.copyOf(proxies);
    epochs = List.copyOf(epochs);
    if (epochLengthMs <= 0) {
      throw new IllegalArgumentException("epoch length must be positive");
    }
    for (EpochKfrags e : epochs) {
      if (e.kfragHashes().size() != proxies.size()) {
        throw new IllegalArgumentException("epoch " + e.epoch() + " lists " + e.kfragHashes().size()
            + " kfrag hashes for " + proxies.size() + " proxies");
      }
    }
  }

  public long epochOf(long intervalStartMs) {
    return Math.floorDiv(intervalStartMs, epochLengthMs);
  }

  /** The kfrags of the epoch the interval starting at {@code intervalStartMs} was encapsulated in. */
  public Optional<EpochKfrags> epochFor(long intervalStartMs) {
    long epoch = epochOf(intervalStartMs);
    return epochs.stream().filter(e -> e.epoch() == epoch).findFirst();
  }

  /** The position of {@code proxy} in the grant, or -1. */
  public int proxyIndex(Address proxy) {
    return proxies.indexOf(proxy);
  }

  public byte[] encode() {
    Encoder out = new Encoder().u8(VERSION).string(dataset).raw(owner.toBytes()).raw(grantee.toBytes())
        .raw(verifying.toBytes()).i64(epochLengthMs).i32(threshold).i32(proxies.size());
    proxies.forEach(out::address);
    out.i32(epochs.size());
    for (EpochKfrags e : epochs) {
      out.i64(e.epoch()).raw(e.delegating().toBytes()).i32(e.kfragHashes().size());
      e.kfragHashes().forEach(out::hash);
    }
    return out.toBytes();
  }

  /** What a grant commits to. */
  public Hash commitment() {
    return Hash.keccak(encode());
  }

  public static SharingTerms decode(byte[] bytes) throws CodecException {
    Decoder in = new Decoder(bytes);
    if (in.u8() != VERSION) {
      throw new CodecException("unknown sharing terms version");
    }
    try {
      SharingTerms terms = new SharingTerms(in.string(), key(in), key(in), key(in), in.i64(), in.i32(),
          in.list(20, Decoder::address),
          in.list(8 + KEY_SIZE + 4, e -> new EpochKfrags(e.i64(), key(e), e.list(Hash.SIZE, Decoder::hash))));
      in.end();
      return terms;
    } catch (IllegalArgumentException e) {
      throw new CodecException(e.getMessage());
    }
  }

  private static UmbralPublicKey key(Decoder in) throws CodecException {
    try {
      return UmbralPublicKey.fromBytes(in.raw(KEY_SIZE));
    } catch (CryptoFormatException e) {
      throw new CodecException(e.getMessage());
    }
  }
}
