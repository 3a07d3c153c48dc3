package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.security.GeneralSecurityException;

/**
 * What a proxy answers for one interval of a grant: the capsule it was asked to re-encrypt and the
 * cfrag it made, signed with its account key. The signature makes the answer evidence: a grantee
 * holding a cfrag that fails its proof can show the chain that this proxy produced it for this capsule.
 */
public record ProxyResponse(Hash grantId, long interval, byte[] capsule, byte[] cfrag) {

  private static final String DOMAIN = "cpchain-proxy-cfrag-v1";

  public byte[] signedBytes() {
    return new Encoder().string(DOMAIN).hash(grantId).i64(interval).bytes(capsule).bytes(cfrag).toBytes();
  }

  public RecoverableSignature sign(AccountPrivateKey proxy) {
    return proxy.sign(signedBytes());
  }

  /** The proxy that signed this response. */
  public Address signer(RecoverableSignature signature) throws GeneralSecurityException {
    return signature.recover(signedBytes()).address();
  }

  /** Keccak-256 of the cfrag: what the proxy's receipt names. */
  public Hash fragmentHash() {
    return Hash.keccak(cfrag);
  }
}
