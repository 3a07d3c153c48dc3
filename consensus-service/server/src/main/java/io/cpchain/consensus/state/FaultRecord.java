package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.sign.Address;

/**
 * A proven proxy fault: {@code proxy} signed a cfrag for {@code interval} of grant {@code grantId}
 * that fails its proof ({@code defect} says how); recorded at {@code height} by transaction {@code txHash}.
 */
public record FaultRecord(Hash grantId, long interval, Address proxy, String defect, long height, Hash txHash) {

  /** What identifies a fault: one per (grant, interval, proxy). */
  Hash key() {
    return Hash.keccak(new Encoder().hash(grantId).i64(interval).address(proxy).toBytes());
  }

  /** Its canonical encoding, a leaf of the state root. */
  byte[] leaf() {
    return new Encoder().u8('f').hash(grantId).i64(interval).address(proxy).string(defect).i64(height).hash(txHash)
        .toBytes();
  }
}
